#include "core/hosts/hostsblock.h"
#include "core/hosts/hostsdocument.h"

#include <QDir>
#include <QFile>
#include <QTest>

namespace {

const QString marker = u"K8S-HOSTS"_qs;

HostsDocument parsed(const QByteArray &content)
{
    QString error;
    auto doc = HostsDocument::parse(content, marker, &error);
    if (!doc)
        qFatal("unexpected parse failure: %s", qPrintable(error));
    return *doc;
}

const HostEntries sample = {
    {u"172.18.0.200"_qs, u"chart-dash.local"_qs, u"kind/tyk/Ingress/dash"_qs},
    {u"172.18.0.200"_qs, u"chart-gw.local"_qs, {}}};

QByteArray readCorpusFile(const QString &name)
{
    QFile file(QStringLiteral(K8S_HOSTS_TEST_DATA "/hosts/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(name));
    return file.readAll();
}

} // namespace

class TestHostsDocument : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rendersGoControllerFormat();
    void appendsToFileWithNewline();
    void keepsMissingFinalNewline();
    void replacesBlockInPlace();
    void emptySetRemovesBlock();
    void markerMatchesWholeLinesOnly_data();
    void markerMatchesWholeLinesOnly();
    void refusesDamagedBlocks_data();
    void refusesDamagedBlocks();
    void mergesTwoBlocks();
    void insertsAboveSwitchHosts();
    void namesOutsideBlock();
    void rejectsBadMarker();
    void corpus_data();
    void corpus();
};

void TestHostsDocument::rendersGoControllerFormat()
{
    QCOMPARE(HostsBlock::render(marker, sample),
             QByteArray("#### BEGIN K8S-HOSTS ####\n"
                        "172.18.0.200 chart-dash.local  # kind/tyk/Ingress/dash\n"
                        "172.18.0.200 chart-gw.local\n"
                        "#### END K8S-HOSTS ####\n"));
}

void TestHostsDocument::appendsToFileWithNewline()
{
    const QByteArray original = "127.0.0.1 localhost\n";
    const QByteArray applied = parsed(original).withEntries(sample);
    QCOMPARE(applied, original + HostsBlock::render(marker, sample));
    QCOMPARE(parsed(applied).entries(), sample);
    QCOMPARE(parsed(applied).withoutBlock(), original);
}

void TestHostsDocument::keepsMissingFinalNewline()
{
    const QByteArray original = "127.0.0.1 localhost";
    const QByteArray applied = parsed(original).withEntries(sample);
    QVERIFY(applied.startsWith(original + "\n#### BEGIN"));
    QVERIFY(applied.endsWith("#### END K8S-HOSTS ####"));
    QCOMPARE(parsed(applied).entries(), sample);
    QCOMPARE(parsed(applied).withEntries(sample), applied);
    QCOMPARE(parsed(applied).withoutBlock(), original);
}

void TestHostsDocument::replacesBlockInPlace()
{
    const QByteArray file =
        "a\r\n#### BEGIN K8S-HOSTS ####\n10.0.0.1 old.local\n#### END K8S-HOSTS ####\nb\r\n";
    QCOMPARE(parsed(file).withEntries(sample),
             "a\r\n" + HostsBlock::render(marker, sample) + "b\r\n");
}

void TestHostsDocument::emptySetRemovesBlock()
{
    const QByteArray file =
        "a\n#### BEGIN K8S-HOSTS ####\n10.0.0.1 old.local\n#### END K8S-HOSTS ####\nb\n";
    QCOMPARE(parsed(file).withEntries({}), QByteArray("a\nb\n"));
    QCOMPARE(parsed("a\n").withEntries({}), QByteArray("a\n"));
}

void TestHostsDocument::markerMatchesWholeLinesOnly_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("matches");
    QTest::newRow("exact") << QByteArray("#### BEGIN K8S-HOSTS ####") << true;
    QTest::newRow("spaces") << QByteArray("  #### BEGIN K8S-HOSTS ####  ") << true;
    QTest::newRow("tabs and cr") << QByteArray("\t#### BEGIN K8S-HOSTS ####\t\r") << true;
    QTest::newRow("longer marker") << QByteArray("#### BEGIN K8S-HOSTS-EXTRA ####") << false;
    QTest::newRow("prose") << QByteArray("# see #### BEGIN K8S-HOSTS #### docs") << false;
    QTest::newRow("lowercase") << QByteArray("#### begin k8s-hosts ####") << false;
    QTest::newRow("commented") << QByteArray("# #### BEGIN K8S-HOSTS ####") << false;
    QTest::newRow("bom") << QByteArray("\xef\xbb\xbf#### BEGIN K8S-HOSTS ####") << false;
}

void TestHostsDocument::markerMatchesWholeLinesOnly()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, matches);
    const QByteArray file = "a\n" + line + "\n10.0.0.1 x.local\n#### END K8S-HOSTS ####\n";
    QString error;
    const auto doc = HostsDocument::parse(file, marker, &error);
    if (matches) {
        QVERIFY2(doc && doc->hasBlock(), qPrintable(error));
        QCOMPARE(doc->withoutBlock(), QByteArray("a\n"));
    } else {
        QVERIFY(!doc); // the END line is then a stray
        QVERIFY(error.contains(u"line 4"));
    }
}

void TestHostsDocument::refusesDamagedBlocks_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("begin without end")
        << QByteArray("a\n#### BEGIN K8S-HOSTS ####\n10.0.0.1 x.local\nforeign line\n")
        << u"line 2 opens"_qs;
    QTest::newRow("end without begin")
        << QByteArray("a\nb\n#### END K8S-HOSTS ####\n") << u"line 3 ends"_qs;
    QTest::newRow("nested begin")
        << QByteArray(
               "#### BEGIN K8S-HOSTS ####\n#### BEGIN K8S-HOSTS ####\n#### END K8S-HOSTS ####\n")
        << u"line 2 opens"_qs;
}

void TestHostsDocument::refusesDamagedBlocks()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, mentions);
    QString error;
    QVERIFY(!HostsDocument::parse(content, marker, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
    QVERIFY2(error.contains(u"remove") || error.contains(u"add"), qPrintable(error));
}

void TestHostsDocument::mergesTwoBlocks()
{
    const QByteArray file =
        "a\n#### BEGIN K8S-HOSTS ####\n10.0.0.1 a.local\n#### END K8S-HOSTS ####\n"
        "b\n#### BEGIN K8S-HOSTS ####\n10.0.0.2 b.local\n#### END K8S-HOSTS ####\nc\n";
    const auto doc = parsed(file);
    QCOMPARE(doc.blockCount(), 2);
    QCOMPARE(doc.entries().size(), 2);
    QCOMPARE(doc.withEntries(sample), "a\n" + HostsBlock::render(marker, sample) + "b\nc\n");
    QCOMPARE(doc.withoutBlock(), QByteArray("a\nb\nc\n"));
}

void TestHostsDocument::insertsAboveSwitchHosts()
{
    const QByteArray file = "a\n# --- SWITCHHOSTS_CONTENT_START ---\n10.0.0.5 nas.lan\n";
    const QByteArray applied = parsed(file).withEntries(sample);
    QCOMPARE(applied, "a\n" + HostsBlock::render(marker, sample) +
                          "# --- SWITCHHOSTS_CONTENT_START ---\n10.0.0.5 nas.lan\n");
    QCOMPARE(parsed(applied).withoutBlock(), file);
}

void TestHostsDocument::namesOutsideBlock()
{
    const auto doc =
        parsed("127.0.0.1\tlocalhost  Box # box.lan comment\r\n"
               "#### BEGIN K8S-HOSTS ####\n10.0.0.1 mine.local\n#### END K8S-HOSTS ####\n"
               "# 10.0.0.2 commented.lan\n10.0.0.3 nas.lan\n");
    QCOMPARE(doc.namesOutsideBlock(), (QSet<QString>{u"localhost"_qs, u"box"_qs, u"nas.lan"_qs}));
}

void TestHostsDocument::rejectsBadMarker()
{
    QString error;
    for (const auto bad : {u"", u"k8s", u"A B", u"A\nB", u"A#"})
        QVERIFY(!HostsDocument::parse("x\n", bad, &error));
    QVERIFY(!HostsDocument::parse("x\n", QString(65, u'A'), &error));
    QVERIFY(HostsDocument::parse("x\n", QString(64, u'A'), &error));
}

void TestHostsDocument::corpus_data()
{
    QTest::addColumn<QString>("name");
    const QDir dir(QStringLiteral(K8S_HOSTS_TEST_DATA "/hosts"));
    const QStringList names = dir.entryList({u"*.hosts"_qs}, QDir::Files, QDir::Name);
    QVERIFY(names.size() >= 40);
    for (const QString &name : names)
        QTest::newRow(qPrintable(name)) << name;
}

void TestHostsDocument::corpus()
{
    QFETCH(QString, name);
    const QByteArray original = readCorpusFile(name);
    QString error;
    const auto doc = HostsDocument::parse(original, marker, &error);
    if (name.startsWith(u"damaged-")) {
        QVERIFY(!doc);
        QVERIFY2(error.contains(u"line "), qPrintable(error));
        return;
    }
    QVERIFY2(doc, qPrintable(error));
    const QByteArray outside = doc->withoutBlock();
    if (!doc->hasBlock())
        QCOMPARE(outside, original);

    // Apply, re-apply, clear: the outside bytes never move.
    const QByteArray applied = doc->withEntries(sample);
    const auto again = HostsDocument::parse(applied, marker, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->blockCount(), 1);
    QCOMPARE(again->entries(), sample);
    QCOMPARE(again->withoutBlock(), outside);
    QCOMPARE(again->withEntries(sample), applied); // idempotent: no rewrite next time
    QCOMPARE(HostsDocument::parse(again->withoutBlock(), marker, &error)->hasBlock(), false);
}

QTEST_GUILESS_MAIN(TestHostsDocument)
#include "tst_hostsdocument.moc"
