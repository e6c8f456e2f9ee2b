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

const CallerRights admin{true, false};      // an administrator's app: writes without asking
const CallerRights authorized{false, true}; // an administrator approved this call

// A write by an administrator's app, answered at once (no write interval in these tests).
HostsKeeper::Outcome write(HelperConnections &helper, quint64 connection, uint uid,
                           const QString &marker, qsizetype count, const QStringList &fields,
                           bool keep)
{
    std::optional<HostsKeeper::Outcome> answer;
    helper.setEntries(connection, uid, admin, marker, count, fields, keep,
                      [&answer](const HostsKeeper::Outcome &o) { answer = o; });
    return answer.value_or(
        HostsKeeper::Outcome{HelperProtocol::Error::Failed, u"no answer"_qs, false, {}});
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
    void whoMayDoWhat_data();
    void whoMayDoWhat();
    void anotherUsersBlockNeedsAnAdministrator();
    void writesOfOneBlockAreSpacedOut();
    void orphanedLeasesAreClearedAtStart();
    void resolverFilesAreLeasedLikeBlocks();

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
    o.stateDir = m_dir->filePath(QStringLiteral("state"));
    o.writeIntervalMs = 0;
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
        write(helper, 1, 501, QStringLiteral("TEST-L"), f.size(), f, false);
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
    QVERIFY(write(helper, 1, 501, QStringLiteral("TEST-K"), f.size(), f, false).ok());
    // Setting it again with keep releases the lease the first call took.
    QVERIFY(write(helper, 1, 501, QStringLiteral("TEST-K"), f.size(), f, true).ok());
    helper.connectionClosed(1);
    QVERIFY(read().contains("10.0.0.7 kept.test\n"));
}

void TestHelperConnections::twoConnectionsKeepSeparateBlocks()
{
    HelperConnections helper(options());
    const QStringList one = fields(QStringLiteral("one.test"));
    const QStringList two = fields(QStringLiteral("two.test"));
    QVERIFY(write(helper, 1, 501, QStringLiteral("ONE"), one.size(), one, false).ok());
    QVERIFY(write(helper, 2, 502, QStringLiteral("TWO"), two.size(), two, false).ok());
    helper.connectionClosed(1);
    QVERIFY(!read().contains("one.test"));
    QVERIFY(read().contains("two.test"));
    // The last connection to set a marker holds its lease (the same user's app again).
    QVERIFY(write(helper, 3, 502, QStringLiteral("TWO"), two.size(), two, false).ok());
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
        write(helper, 1, 501, QStringLiteral("K8S-HOSTS"), f.size() - 1, f.mid(0, 2), false);
    QCOMPARE(outcome.error, HelperProtocol::Error::InvalidArgument);
    QVERIFY(outcome.message.contains(u"triples"));
    outcome =
        write(helper, 1, 501, QStringLiteral("K8S-HOSTS"), FlatEntries::maxFields() + 3, {}, false);
    QCOMPARE(outcome.error, HelperProtocol::Error::InvalidArgument);
    QVERIFY(outcome.message.startsWith(u"more than 50000 entries"));
    // A bad marker is named before the shape of the entries.
    outcome = write(helper, 1, 501, QStringLiteral("../etc"), 2, f.mid(0, 2), false);
    QVERIFY(outcome.message.contains(u"the marker must be"));
    const QStringList injected = fields(QStringLiteral("x.test\n0.0.0.0 bank.test"));
    outcome = write(helper, 1, 501, QStringLiteral("K8S-HOSTS"), injected.size(), injected, false);
    QCOMPARE(outcome.error, HelperProtocol::Error::InvalidArgument);
    QCOMPARE(read(), original);
    QVERIFY(!helper.holdsLeases());
}

void TestHelperConnections::clearEndsTheLease()
{
    HelperConnections helper(options());
    const QStringList f = fields(QStringLiteral("a.test"));
    QVERIFY(write(helper, 1, 501, QStringLiteral("K8S-HOSTS"), f.size(), f, false).ok());
    QVERIFY(helper.clear(1, 501, admin, QStringLiteral("K8S-HOSTS")).ok());
    QVERIFY(!helper.holdsLeases());
    QCOMPARE(read(), original);
    QCOMPARE(helper.entries(QStringLiteral("K8S-HOSTS")).entries, HostEntries());
    QCOMPARE(helper.clear(1, 501, admin, QStringLiteral("bad marker")).error,
             HelperProtocol::Error::InvalidArgument);
}

void TestHelperConnections::exitsWhenIdleButNotWithALease()
{
    HelperConnections helper(options(50));
    QSignalSpy idle(&helper, &HelperConnections::idle);
    const QStringList f = fields(QStringLiteral("a.test"));
    QVERIFY(write(helper, 1, 501, QStringLiteral("K8S-HOSTS"), f.size(), f, false).ok());
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
        0, authorized,
        QStringLiteral("/Applications/k8s-hosts.app/Contents/Library/LaunchServices/"
                       "io.github.k8shosts.Helper"));
    QCOMPARE(refused.error, HelperProtocol::Error::InvalidArgument);
    QVERIFY(QFile::exists(helper.legacyPlistPath()));
    QVERIFY(helper.removeLegacyInstall(0, authorized, helper.legacyExecutablePath()).ok());
    QVERIFY(!QFile::exists(helper.legacyPlistPath()));
    QVERIFY(!QFile::exists(helper.legacyExecutablePath()));
    QVERIFY(helper.legacyPlistPath().endsWith(
        u"/Library/LaunchDaemons/io.github.k8shosts.Helper.plist"));
}

void TestHelperConnections::flushOnlyForTheSystemFile()
{
    HelperConnections helper(options());
    const QStringList f = fields(QStringLiteral("a.test"));
    QVERIFY(write(helper, 1, 501, QStringLiteral("K8S-HOSTS"), f.size(), f, true).ok());
    QVERIFY(helper.flushLog().isEmpty()); // a temporary file never signals mDNSResponder
    QCOMPARE(HelperConnections::version(), QStringLiteral(K8S_HOSTS_VERSION));
}

// The code signature lets only k8s-hosts in; who runs it decides the rest.
void TestHelperConnections::whoMayDoWhat_data()
{
    QTest::addColumn<uint>("uid");
    QTest::addColumn<bool>("admin");
    QTest::addColumn<bool>("authorized");
    QTest::addColumn<bool>("others");
    QTest::addColumn<int>("operation");
    QTest::addColumn<bool>("allowed");
    const int write = int(HelperConnections::Operation::Write);
    const int uninstall = int(HelperConnections::Operation::Uninstall);
    QTest::newRow("admin writes own") << 501u << true << false << false << write << true;
    QTest::newRow("user writes own") << 502u << false << false << false << write << false;
    QTest::newRow("user with authorization") << 502u << false << true << false << write << true;
    QTest::newRow("admin, another's block") << 501u << true << false << true << write << false;
    QTest::newRow("admin, another's, authorized") << 501u << true << true << true << write << true;
    QTest::newRow("admin uninstalls") << 501u << true << false << false << uninstall << false;
    QTest::newRow("authorized uninstall") << 502u << false << true << false << uninstall << true;
    QTest::newRow("root") << 0u << false << false << true << uninstall << true;
}

void TestHelperConnections::whoMayDoWhat()
{
    QFETCH(uint, uid);
    QFETCH(bool, admin);
    QFETCH(bool, authorized);
    QFETCH(bool, others);
    QFETCH(int, operation);
    QFETCH(bool, allowed);
    const HostsKeeper::Outcome outcome = HelperConnections::permission(
        uid, {admin, authorized}, others, HelperConnections::Operation(operation));
    QCOMPARE(outcome.ok(), allowed);
    if (!allowed) {
        QCOMPARE(outcome.error, HelperProtocol::Error::AuthorizationRequired);
        QVERIFY(outcome.message.contains(u"administrator's authorization"));
    }
}

void TestHelperConnections::anotherUsersBlockNeedsAnAdministrator()
{
    HelperConnections helper(options());
    const QStringList f = fields(QStringLiteral("owned.test"));
    QVERIFY(write(helper, 1, 501, QStringLiteral("OWNED"), f.size(), f, true).ok());
    const QByteArray written = read();
    // Another administrator's app, without an administrator's authorization for this call.
    QCOMPARE(helper.clear(2, 502, admin, QStringLiteral("OWNED")).error,
             HelperProtocol::Error::AuthorizationRequired);
    QCOMPARE(write(helper, 2, 502, QStringLiteral("OWNED"), f.size(), f, true).error,
             HelperProtocol::Error::AuthorizationRequired);
    QCOMPARE(read(), written);
    QVERIFY(helper.clear(2, 502, authorized, QStringLiteral("OWNED")).ok());
    QCOMPARE(read(), original);
}

void TestHelperConnections::writesOfOneBlockAreSpacedOut()
{
    HelperConnections::Options o = options();
    o.writeIntervalMs = 300;
    HelperConnections helper(o);
    QList<HostsKeeper::Outcome> answers;
    const auto send = [&](const QString &host) {
        const QStringList f = fields(host);
        helper.setEntries(1, 501, admin, QStringLiteral("RATE"), f.size(), f, true,
                          [&answers](const HostsKeeper::Outcome &out) { answers.append(out); });
    };
    send(QStringLiteral("r1.test"));
    QCOMPARE(answers.size(), 1); // the first is written at once
    send(QStringLiteral("r2.test"));
    send(QStringLiteral("r3.test"));
    QCOMPARE(answers.size(), 1); // the others wait, and the latest replaces the earlier
    QVERIFY(read().contains("r1.test"));
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 3, 5000);
    QVERIFY(read().contains("r3.test") && !read().contains("r2.test"));
    // A removal never waits, and answers what still waited.
    send(QStringLiteral("r4.test"));
    QCOMPARE(answers.size(), 3);
    QVERIFY(helper.clear(1, 501, admin, QStringLiteral("RATE")).ok());
    QCOMPARE(answers.size(), 4);
    QCOMPARE(read(), original);
}

// No XPC connection outlives the helper: a leased block found at start lost its caller.
void TestHelperConnections::orphanedLeasesAreClearedAtStart()
{
    {
        HelperConnections helper(options());
        const QStringList f = fields(QStringLiteral("orphan.test"));
        QVERIFY(write(helper, 1, 501, QStringLiteral("ORPHAN"), f.size(), f, false).ok());
        const QStringList k = fields(QStringLiteral("kept.test"));
        QVERIFY(write(helper, 1, 501, QStringLiteral("KEPT"), k.size(), k, true).ok());
    } // the helper ends without the connection closing (a crash)
    QVERIFY(read().contains("orphan.test"));
    HelperConnections restarted(options());
    QVERIFY(!read().contains("orphan.test"));
    QVERIFY(read().contains("kept.test")); // kept on purpose: not leased
}

// macOS: /etc/resolver/<domain> (the golden copy the Linux helper tests check too), with the
// same rights as a block, removed when its connection closes and at start when orphaned.
void TestHelperConnections::resolverFilesAreLeasedLikeBlocks()
{
    const QString file = m_dir->filePath(QStringLiteral("etc/resolver/apps.test"));
    const QString kept = m_dir->filePath(QStringLiteral("etc/resolver/kept.test"));
    const auto content = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("etc"))); // /etc/resolver is made in it
    {
        HelperConnections helper(options());
        helper.connectionOpened(1);
        // A user who is not an administrator needs an administrator's authorization.
        const CallerRights user{false, false};
        HostsKeeper::Outcome outcome = helper.registerResolver(
            1, 502, user, QStringLiteral("apps.test"), QStringLiteral("127.0.0.1"), 15353, false);
        QCOMPARE(outcome.error, HelperProtocol::Error::AuthorizationRequired);
        QVERIFY(!QFile::exists(file));
        // Refused before anything else: a public suffix, a remote responder.
        QCOMPARE(helper
                     .registerResolver(1, 501, admin, QStringLiteral("co.uk"),
                                       QStringLiteral("127.0.0.1"), 15353, false)
                     .error,
                 HelperProtocol::Error::InvalidArgument);
        QCOMPARE(helper
                     .registerResolver(1, 501, admin, QStringLiteral("apps.test"),
                                       QStringLiteral("192.0.2.1"), 15353, false)
                     .error,
                 HelperProtocol::Error::InvalidArgument);

        outcome = helper.registerResolver(1, 501, admin, QStringLiteral("apps.test"),
                                          QStringLiteral("127.0.0.1"), 15353, false);
        QVERIFY2(outcome.ok(), qPrintable(outcome.message));
        QCOMPARE(outcome.message, QStringLiteral("/etc/resolver: ") + file);
        QFile golden(QStringLiteral(K8S_HOSTS_GOLDEN_DIR "/resolver/apps.test"));
        QVERIFY(golden.open(QIODevice::ReadOnly));
        QCOMPARE(content(file), golden.readAll());
        QVERIFY(helper.holdsLeases());
        helper.connectionClosed(1);
        QVERIFY(!QFile::exists(file));
        QVERIFY(!helper.holdsLeases());

        // Kept on purpose, and leased ones at a crash.
        helper.connectionOpened(2);
        QVERIFY(helper
                    .registerResolver(2, 501, admin, QStringLiteral("kept.test"),
                                      QStringLiteral("127.0.0.1"), 15353, true)
                    .ok());
        QVERIFY(helper
                    .registerResolver(2, 501, admin, QStringLiteral("apps.test"),
                                      QStringLiteral("127.0.0.1"), 15353, false)
                    .ok());
    } // the helper ends without the connection closing (a crash)
    QVERIFY(QFile::exists(file));
    HelperConnections restarted(options());
    QVERIFY(!QFile::exists(file));
    QVERIFY(QFile::exists(kept));
    QVERIFY(restarted.unregisterResolver(3, 501, admin, QStringLiteral("kept.test")).ok());
    QVERIFY(!QFile::exists(kept));
}

QTEST_GUILESS_MAIN(TestHelperConnections)
#include "tst_helperconnections.moc"
