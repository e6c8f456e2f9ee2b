// The mapping corpus (tests/data/mapping-corpus): cases built from the Gateway API
// conformance tests and ExternalDNS's source tests, each a set of manifests with the exact
// host → address pairs it must give. Each case is served by the fake API server from its
// file (--manifests) and read by a ContextSession as a cluster would be, so discovery,
// list, parsing and mapping are all under test.
#include "core/kube/apiclient.h"
#include "core/sync/contextsession.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/manifestsync.h"

#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

namespace {

const QString corpus = QStringLiteral(K8S_HOSTS_SOURCE_DIR "/tests/data/mapping-corpus");

struct Case
{
    QString upstream;
    QStringList expected; // "host address", sorted
    bool expectNone = false;
};

Case readCase(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    Case c;
    for (const QByteArray &raw : file.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(u"# upstream:"))
            c.upstream = line.mid(11).trimmed();
        else if (line.startsWith(u"# expect:"))
            c.expected << line.mid(9).simplified();
        else if (line == u"# expect-none")
            c.expectNone = true;
    }
    c.expected.sort();
    return c;
}

} // namespace

class TestMappingCorpus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyCase_data();
    void everyCase();
};

void TestMappingCorpus::everyCase_data()
{
    QTest::addColumn<QString>("path");
    QDirIterator it(corpus, {QStringLiteral("*.yaml")}, QDir::Files, QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    QVERIFY2(paths.size() >= 100, qPrintable(QString::number(paths.size())));
    for (const QString &path : std::as_const(paths))
        QTest::newRow(qPrintable(QDir(corpus).relativeFilePath(path))) << path;
}

void TestMappingCorpus::everyCase()
{
    QFETCH(QString, path);
    const Case expected = readCase(path);
    QVERIFY2(!expected.upstream.isEmpty(), "every case names its upstream test");
    QVERIFY2(expected.expectNone == expected.expected.isEmpty(),
             "a case lists pairs or says expect-none");

    FakeApiServer server;
    QVERIFY(server.listen());
    ManifestSync manifests(&server.cluster(), path);
    QString error;
    QVERIFY2(manifests.start(&error), qPrintable(error));
    ApiClient client(server.url());
    ContextSession session(QStringLiteral("corpus"), &client, allSources(), {},
                           QStringLiteral("default"));
    QSignalSpy synced(&session, &ContextSession::synced);
    session.start();
    QVERIFY(synced.wait(10000));
    QCOMPARE(session.servedSources(), allSources());

    QStringList pairs;
    for (const HostMapping &m : session.mappings()) {
        const QString pair = m.host + u' ' + m.address;
        if (!m.address.isEmpty() && !pairs.contains(pair))
            pairs << pair;
    }
    pairs.sort();
    QVERIFY2(pairs == expected.expected,
             qPrintable(QStringLiteral("%1\n   got:      %2\n   expected: %3")
                            .arg(expected.upstream, pairs.join(QStringLiteral(", ")),
                                 expected.expected.join(QStringLiteral(", ")))));
}

QTEST_GUILESS_MAIN(TestMappingCorpus)
#include "tst_mappingcorpus.moc"
