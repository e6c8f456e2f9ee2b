#include "core/sink/flatentries.h"
#include "helper/helperconnections.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray original = "127.0.0.1 localhost\n";

QStringList fields(const QString &host)
{
    return FlatEntries::encode({{QStringLiteral("10.0.0.7"), host, {}}});
}

} // namespace

class TestHelperConnections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void leaseEndsWhenTheConnectionCloses();
    void keepOnDisconnectSurvivesTheConnection();
    void twoConnectionsKeepSeparateBlocks();
    void malformedAndOversizedRequestsWriteNothing();
    void clearEndsTheLease();
    void exitsWhenIdleButNotWithALease();
    void legacyFilesAreRemovedOnlyFromTheirPlace();
    void flushOnlyForTheSystemFile();

private:
    HelperConnections::Options options(int idleMs = 0) const;
    QByteArray read() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_hosts;
};

void TestHelperConnections::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_hosts = m_dir->filePath(QStringLiteral("hosts"));
    QFile file(m_hosts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(original);
}

HelperConnections::Options TestHelperConnections::options(int idleMs) const
{
    HelperConnections::Options o;
    o.hostsFile = m_hosts;
    o.policyFile = m_dir->filePath(QStringLiteral("policy.conf"));
    o.idleTimeoutMs = idleMs;
    o.requireRootOwned = false;
    o.label = QStringLiteral("io.github.k8shosts.Helper");
    o.rootDir = m_dir->path();
    o.runCommands = false;
    return o;
}

QByteArray TestHelperConnections::read() const
{
    QFile file(m_hosts);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestHelperConnections::leaseEndsWhenTheConnectionCloses()
{
    HelperConnections helper(options());
    helper.connectionOpened(1);
    const QStringList f = fields(QStringLiteral("lease.test"));
    const HostsKeeper::Outcome set =
        helper.setEntries(1, 501, QStringLiteral("TEST-L"), f.size(), f, false);
    QVERIFY2(set.ok(), qPrintable(set.message));
    QVERIFY(read().contains("10.0.0.7 lease.test\n"));
    QVERIFY(helper.holdsLeases());
    helper.connectionClosed(2); // somebody else leaving changes nothing
    QVERIFY(read().contains("lease.test"));
    helper.connectionClosed(1);
    QCOMPARE(read(), original);
    QVERIFY(!helper.holdsLeases());
}

void TestHelperConnections::keepOnDisconnectSurvivesTheConnection()
{
    HelperConnections helper(options());
    const QStringList f = fields(QStringLiteral("kept.test"));
    QVERIFY(helper.setEntries(1, 501, QStringLiteral("TEST-K"), f.size(), f, false).ok());
    // Setting it again with keep releases the lease the first call took.
    QVERIFY(helper.setEntries(1, 501, QStringLiteral("TEST-K"), f.size(), f, true).ok());
    helper.connectionClosed(1);
    QVERIFY(read().contains("10.0.0.7 kept.test\n"));
}

void TestHelperConnections::twoConnectionsKeepSeparateBlocks()
{
    HelperConnections helper(options());
    const QStringList one = fields(QStringLiteral("one.test"));
    const QStringList two = fields(QStringLiteral("two.test"));
    QVERIFY(helper.setEntries(1, 501, QStringLiteral("ONE"), one.size(), one, false).ok());
    QVERIFY(helper.setEntries(2, 502, QStringLiteral("TWO"), two.size(), two, false).ok());
    helper.connectionClosed(1);
    QVERIFY(!read().contains("one.test"));
    QVERIFY(read().contains("two.test"));
    // The last connection to set a marker holds its lease.
    QVERIFY(helper.setEntries(3, 503, QStringLiteral("TWO"), two.size(), two, false).ok());
    helper.connectionClosed(2);
    QVERIFY(read().contains("two.test"));
    helper.connectionClosed(3);
    QCOMPARE(read(), original);
}

void TestHelperConnections::malformedAndOversizedRequestsWriteNothing()
{
    HelperConnections helper(options());
    const QStringList f = fields(QStringLiteral("a.test"));
    HostsKeeper::Outcome outcome =
        helper.setEntries(1, 501, QStringLiteral("K8S-HOSTS"), f.size() - 1, f.mid(0, 2), false);
    QCOMPARE(outcome.error, HelperProtocol::Error::InvalidArgument);
    QVERIFY(outcome.message.contains(u"triples"));
    outcome = helper.setEntries(1, 501, QStringLiteral("K8S-HOSTS"), FlatEntries::maxFields() + 3,
                                {}, false);
    QCOMPARE(outcome.error, HelperProtocol::Error::InvalidArgument);
    QVERIFY(outcome.message.startsWith(u"more than 50000 entries"));
    // A bad marker is named before the shape of the entries.
    outcome = helper.setEntries(1, 501, QStringLiteral("../etc"), 2, f.mid(0, 2), false);
    QVERIFY(outcome.message.contains(u"the marker must be"));
    const QStringList injected = fields(QStringLiteral("x.test\n0.0.0.0 bank.test"));
    outcome =
        helper.setEntries(1, 501, QStringLiteral("K8S-HOSTS"), injected.size(), injected, false);
    QCOMPARE(outcome.error, HelperProtocol::Error::InvalidArgument);
    QCOMPARE(read(), original);
    QVERIFY(!helper.holdsLeases());
}

void TestHelperConnections::clearEndsTheLease()
{
    HelperConnections helper(options());
    const QStringList f = fields(QStringLiteral("a.test"));
    QVERIFY(helper.setEntries(1, 501, QStringLiteral("K8S-HOSTS"), f.size(), f, false).ok());
    QVERIFY(helper.clear(1, 501, QStringLiteral("K8S-HOSTS")).ok());
    QVERIFY(!helper.holdsLeases());
    QCOMPARE(read(), original);
    QCOMPARE(helper.entries(QStringLiteral("K8S-HOSTS")).entries, HostEntries());
    QCOMPARE(helper.clear(1, 501, QStringLiteral("bad marker")).error,
             HelperProtocol::Error::InvalidArgument);
}

void TestHelperConnections::exitsWhenIdleButNotWithALease()
{
    HelperConnections helper(options(50));
    QSignalSpy idle(&helper, &HelperConnections::idle);
    const QStringList f = fields(QStringLiteral("a.test"));
    QVERIFY(helper.setEntries(1, 501, QStringLiteral("K8S-HOSTS"), f.size(), f, false).ok());
    QVERIFY(!idle.wait(300)); // a lease keeps the helper watching its connection
    helper.connectionClosed(1);
    QVERIFY(idle.wait(5000));
}

void TestHelperConnections::legacyFilesAreRemovedOnlyFromTheirPlace()
{
    HelperConnections helper(options());
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("Library/PrivilegedHelperTools")));
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("Library/LaunchDaemons")));
    for (const QString &path : {helper.legacyExecutablePath(), helper.legacyPlistPath()}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    // An SMAppService install runs from the app bundle: nothing to delete there.
    const HostsKeeper::Outcome refused = helper.removeLegacyInstall(
        0, QStringLiteral("/Applications/k8s-hosts.app/Contents/Library/LaunchServices/"
                          "io.github.k8shosts.Helper"));
    QCOMPARE(refused.error, HelperProtocol::Error::InvalidArgument);
    QVERIFY(QFile::exists(helper.legacyPlistPath()));
    QVERIFY(helper.removeLegacyInstall(0, helper.legacyExecutablePath()).ok());
    QVERIFY(!QFile::exists(helper.legacyPlistPath()));
    QVERIFY(!QFile::exists(helper.legacyExecutablePath()));
    QVERIFY(helper.legacyPlistPath().endsWith(
        u"/Library/LaunchDaemons/io.github.k8shosts.Helper.plist"));
}

void TestHelperConnections::flushOnlyForTheSystemFile()
{
    HelperConnections helper(options());
    const QStringList f = fields(QStringLiteral("a.test"));
    QVERIFY(helper.setEntries(1, 501, QStringLiteral("K8S-HOSTS"), f.size(), f, true).ok());
    QVERIFY(helper.flushLog().isEmpty()); // a temporary file never signals mDNSResponder
    QCOMPARE(HelperConnections::version(), QStringLiteral(K8S_HOSTS_VERSION));
}

QTEST_GUILESS_MAIN(TestHelperConnections)
#include "tst_helperconnections.moc"
