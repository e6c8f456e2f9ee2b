// HelperService end to end: the real helper on a private system bus with a real polkitd,
// called by unprivileged users, writing a temporary hosts file.
#include "tests/helper/helperfixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSysInfo>
#include <QTest>

#include <unistd.h>

namespace {

const QByteArray original = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n"
                            "10.1.1.1 shadow.test\n";

QJsonArray rows(std::initializer_list<std::array<QString, 3>> entries)
{
    QJsonArray result;
    for (const auto &[ip, host, comment] : entries)
        result.append(QJsonArray{ip, host, comment});
    return result;
}

QJsonObject setEntries(const QString &marker, const QJsonArray &entries, bool keep)
{
    return {{QStringLiteral("method"), QStringLiteral("SetEntries")},
            {QStringLiteral("marker"), marker},
            {QStringLiteral("entries"), entries},
            {QStringLiteral("keep"), keep}};
}

QJsonObject simple(const QString &method, const QString &marker = QStringLiteral("K8S-HOSTS"))
{
    return {{QStringLiteral("method"), method}, {QStringLiteral("marker"), marker}};
}

// waitForFinished() says false for a process that finished already.
bool finished(QProcess *process)
{
    return process->state() == QProcess::NotRunning || process->waitForFinished(20000);
}

QString errorOf(const QJsonObject &answer)
{
    return answer.value(u"error").toString();
}

} // namespace

class TestHelperService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void versionAndEntriesNeedNoAuthorization();
    void authorizedCallerWritesTheBlock();
    void clearRestoresTheOriginalBytes();
    void deniedCallerChangesNothing();
    void injectionIsRefusedWhole_data();
    void injectionIsRefusedWhole();
    void fiftyThousandEntriesAreTheLimit();
    void policyNeedsItsOwnAuthorization();
    void leaseEndsWhenTheCallerIsKilled();
    void keepOnDisconnectSurvivesTheCaller();
    void twoCallersKeepSeparateBlocks();
    void missingPolkitMeansDeny();
    void exitsWhenIdle();
    // Hardening against a hostile neighbour and a hostile cluster
    void passwordOnlyWhenTheCallAllowsAsking();
    void pendingChecksAreCappedPerCaller();
    void aCallerThatLeavesHasItsCheckCancelled();
    void anotherUsersBlockNeedsMore();
    void policyIsCheckedAgainAfterThePrompt();
    void publicSuffixesAreRefused();
    void allowDomainsAddsToWhatIsThere();
    void allBlocksTogetherAreCapped();
    void clearWorksOnAnOversizedFile();
    void writesOfOneBlockAreSpacedOut();
    void leasesSurviveARestart();
    void orphanedLeasesAreClearedAtStart();

private:
    void expectUntouched(const QJsonObject &answer, const QString &errorName);

    std::unique_ptr<HelperFixture> m_fixture;
};

void TestHelperService::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("The helper tests start a system bus, polkitd and a root service, and install "
              "polkit files: run them as root (CI does).");
    m_fixture = std::make_unique<HelperFixture>();
    QString error;
    QVERIFY2(m_fixture->start(&error), qPrintable(error));
}

void TestHelperService::init()
{
    m_fixture->writeHosts(original);
    // A test that stopped the helper (or let it exit idle) leaves the next one a running one.
    if (!m_fixture->helperProcess() || m_fixture->helperProcess()->state() != QProcess::Running) {
        QString error;
        QVERIFY2(m_fixture->startHelper(&error), qPrintable(error));
    }
}

void TestHelperService::cleanupTestCase()
{
    m_fixture.reset();
}

void TestHelperService::expectUntouched(const QJsonObject &answer, const QString &errorName)
{
    QCOMPARE(errorOf(answer), errorName);
    QVERIFY2(!answer.value(u"message").toString().isEmpty(), "every error carries a sentence");
    QCOMPARE(m_fixture->readHosts(), original);
}

void TestHelperService::versionAndEntriesNeedNoAuthorization()
{
    const QJsonObject version = m_fixture->call(
        HelperFixture::otherAccount(), {{QStringLiteral("method"), QStringLiteral("Version")}});
    QCOMPARE(version.value(u"value").toString(), QStringLiteral(K8S_HOSTS_VERSION));
    const QJsonObject entries =
        m_fixture->call(HelperFixture::otherAccount(), simple(QStringLiteral("GetEntries")));
    QVERIFY2(entries.value(u"ok").toBool(), qPrintable(errorOf(entries)));
    QCOMPARE(entries.value(u"entries").toArray(), QJsonArray());
}

void TestHelperService::authorizedCallerWritesTheBlock()
{
    const QJsonObject answer = m_fixture->call(
        HelperFixture::userAccount(),
        setEntries(
            QStringLiteral("TEST-A"),
            rows({{QStringLiteral("10.0.0.2"), QStringLiteral("b.test"), QString()},
                  {QStringLiteral("10.0.0.1"), QStringLiteral("A.Test"), QStringLiteral("dev/web")},
                  // a name may have several addresses, of either family
                  {QStringLiteral("fd00::2"), QStringLiteral("b.test"), QString()},
                  {QStringLiteral("10.0.0.3"), QStringLiteral("b.test"), QString()}}),
            true));
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"message").toString()));
    QCOMPARE(m_fixture->readHosts(), original + "#### BEGIN TEST-A ####\n"
                                                "10.0.0.1 a.test  # dev/web\n"
                                                "10.0.0.2 b.test\n"
                                                "10.0.0.3 b.test\n"
                                                "fd00::2 b.test\n"
                                                "#### END TEST-A ####\n");
    const QJsonObject read =
        m_fixture->call(HelperFixture::otherAccount(),
                        simple(QStringLiteral("GetEntries"), QStringLiteral("TEST-A")));
    QCOMPARE(
        read.value(u"entries").toArray(),
        rows({{QStringLiteral("10.0.0.1"), QStringLiteral("a.test"), QStringLiteral("dev/web")},
              {QStringLiteral("10.0.0.2"), QStringLiteral("b.test"), QString()},
              {QStringLiteral("10.0.0.3"), QStringLiteral("b.test"), QString()},
              {QStringLiteral("fd00::2"), QStringLiteral("b.test"), QString()}}));
    QVERIFY2(m_fixture->helperLogged(
                 QStringLiteral("audit: uid=%1 marker=TEST-A added=a.test,b.test removed=-")
                     .arg(HelperFixture::uidOf(HelperFixture::userAccount()))),
             qPrintable(m_fixture->helperLog()));
}

void TestHelperService::clearRestoresTheOriginalBytes()
{
    QVERIFY(m_fixture
                ->call(HelperFixture::userAccount(),
                       setEntries(QStringLiteral("TEST-C"),
                                  rows({{QStringLiteral("10.0.0.3"), QStringLiteral("c.test"),
                                         QString()}}),
                                  true))
                .value(u"ok")
                .toBool());
    QVERIFY(m_fixture->readHosts() != original);
    const QJsonObject cleared = m_fixture->call(
        HelperFixture::userAccount(), simple(QStringLiteral("Clear"), QStringLiteral("TEST-C")));
    QVERIFY2(cleared.value(u"ok").toBool(), qPrintable(cleared.value(u"message").toString()));
    QCOMPARE(m_fixture->readHosts(), original);
    QVERIFY(m_fixture->helperLogged(
        QStringLiteral("marker=TEST-C added=- removed=c.test cause=Clear")));
}

void TestHelperService::deniedCallerChangesNothing()
{
    const ino_t inode = m_fixture->hostsInode();
    const QJsonObject set = m_fixture->call(
        HelperFixture::otherAccount(),
        setEntries(QStringLiteral("TEST-D"),
                   rows({{QStringLiteral("10.0.0.4"), QStringLiteral("d.test"), QString()}}),
                   true));
    expectUntouched(set, QStringLiteral("io.github.k8shosts.Error.NotAuthorized"));
    // polkit's default for a caller without a rule is auth_admin, and nobody can answer.
    QVERIFY2(set.value(u"message").toString().contains(u"authentication agent"),
             qPrintable(set.value(u"message").toString()));
    expectUntouched(m_fixture->call(HelperFixture::otherAccount(), simple(QStringLiteral("Clear"))),
                    QStringLiteral("io.github.k8shosts.Error.NotAuthorized"));
    QCOMPARE(m_fixture->hostsInode(), inode);
}

void TestHelperService::injectionIsRefusedWhole_data()
{
    QTest::addColumn<QString>("marker");
    QTest::addColumn<QJsonArray>("entries");
    const QString ok = QStringLiteral("10.0.0.5");
    const QString marker = QStringLiteral("TEST-I");
    const auto row = [&](const QString &ip, const QString &host, const QString &comment = {}) {
        return rows({{QStringLiteral("10.0.0.6"), QStringLiteral("fine.test"), QString()},
                     {ip, host, comment}});
    };
    QTest::newRow("newline in host")
        << marker << row(ok, QStringLiteral("a.test\n10.0.0.9 bank.test"));
    QTest::newRow("newline in comment")
        << marker << row(ok, QStringLiteral("a.test"), QStringLiteral("x\n10.0.0.9 bank.test"));
    QTest::newRow("newline in address")
        << marker << row(QStringLiteral("10.0.0.5\n10.0.0.9"), QStringLiteral("a.test"));
    QTest::newRow("# in host") << marker << row(ok, QStringLiteral("a.test#x"));
    QTest::newRow("# in comment") << marker
                                  << row(ok, QStringLiteral("a.test"),
                                         QStringLiteral("x #### END TEST-I ####"));
    QTest::newRow("comment ends hostctl")
        << marker << row(ok, QStringLiteral("a.test"), QStringLiteral("end"));
    QTest::newRow("space in host") << marker << row(ok, QStringLiteral("a.test b.test"));
    QTest::newRow("tab in host") << marker << row(ok, QStringLiteral("a.test\tb.test"));
    QTest::newRow("space in address")
        << marker << row(QStringLiteral("10.0.0.5 b.test"), QStringLiteral("a.test"));
    // D-Bus strings cannot hold NUL at all; other control characters reach the helper.
    QTest::newRow("control character in host")
        << marker << row(ok, QStringLiteral("a.test") + QChar(1));
    QTest::newRow("DEL in comment")
        << marker << row(ok, QStringLiteral("a.test"), QStringLiteral("x") + QChar(0x7f));
    QTest::newRow("overlong name")
        << marker << row(ok, QString(250, u'a') + QStringLiteral(".test"));
    QTest::newRow("overlong label")
        << marker << row(ok, QString(64, u'a') + QStringLiteral(".test"));
    QTest::newRow("overlong comment")
        << marker << row(ok, QStringLiteral("a.test"), QString(121, u'c'));
    QTest::newRow("wildcard") << marker << row(ok, QStringLiteral("*.a.test"));
    QTest::newRow("not ASCII") << marker << row(ok, QStringLiteral("bänk.test"));
    QTest::newRow("bad address") << marker
                                 << row(QStringLiteral("10.0.0.256"), QStringLiteral("a.test"));
    QTest::newRow("octal address")
        << marker << row(QStringLiteral("010.0.0.1"), QStringLiteral("a.test"));
    QTest::newRow("short address")
        << marker << row(QStringLiteral("10.1"), QStringLiteral("a.test"));
    QTest::newRow("zone id") << marker
                             << row(QStringLiteral("fe80::1%eth0"), QStringLiteral("a.test"));
    QTest::newRow("empty address") << marker << row(QString(), QStringLiteral("a.test"));
    QTest::newRow("cloud metadata")
        << marker << row(QStringLiteral("169.254.169.254"), QStringLiteral("a.test"));
    QTest::newRow("unspecified") << marker
                                 << row(QStringLiteral("0.0.0.0"), QStringLiteral("a.test"));
    QTest::newRow("public address")
        << marker << row(QStringLiteral("8.8.8.8"), QStringLiteral("a.test"));
    QTest::newRow("public name") << marker << row(ok, QStringLiteral("accounts.google.com"));
    QTest::newRow("localhost") << marker << row(ok, QStringLiteral("localhost"));
    QTest::newRow("sub.localhost") << marker << row(ok, QStringLiteral("app.localhost"));
    QTest::newRow("ip6-loopback") << marker << row(ok, QStringLiteral("ip6-loopback"));
    QTest::newRow("docker.internal") << marker << row(ok, QStringLiteral("host.docker.internal"));
    QTest::newRow("this machine") << marker << row(ok, QSysInfo::machineHostName().toLower());
    QTest::newRow("shadows a line outside the block")
        << marker << row(ok, QStringLiteral("shadow.test"));
    QTest::newRow("nine addresses for one host") << marker << [] {
        QJsonArray nine;
        for (int i = 1; i <= 9; ++i)
            nine.append(QJsonArray{QStringLiteral("10.0.1.%1").arg(i), QStringLiteral("many.test"),
                                   QString()});
        return nine;
    }();
    QTest::newRow("empty marker") << QString() << row(ok, QStringLiteral("a.test"));
    QTest::newRow("lowercase marker")
        << QStringLiteral("test-i") << row(ok, QStringLiteral("a.test"));
    QTest::newRow("marker with space")
        << QStringLiteral("TEST I") << row(ok, QStringLiteral("a.test"));
    QTest::newRow("marker with newline")
        << QStringLiteral("TEST\n10.0.0.9 bank.test") << row(ok, QStringLiteral("a.test"));
    QTest::newRow("marker with #")
        << QStringLiteral("TEST####") << row(ok, QStringLiteral("a.test"));
    QTest::newRow("overlong marker") << QString(65, u'M') << row(ok, QStringLiteral("a.test"));
}

void TestHelperService::injectionIsRefusedWhole()
{
    QFETCH(QString, marker);
    QFETCH(QJsonArray, entries);
    const ino_t inode = m_fixture->hostsInode();
    const QJsonObject answer =
        m_fixture->call(HelperFixture::userAccount(), setEntries(marker, entries, true));
    expectUntouched(answer, QStringLiteral("io.github.k8shosts.Error.InvalidArgument"));
    QVERIFY2(answer.value(u"message").toString().contains(u"nothing was"),
             qPrintable(answer.value(u"message").toString()));
    QCOMPARE(m_fixture->hostsInode(), inode);
}

void TestHelperService::fiftyThousandEntriesAreTheLimit()
{
    QJsonObject tooMany = setEntries(QStringLiteral("TEST-BIG"), {}, true);
    tooMany.insert(QStringLiteral("generate"), 50001);
    const QJsonObject refused = m_fixture->call(HelperFixture::userAccount(), tooMany);
    expectUntouched(refused, QStringLiteral("io.github.k8shosts.Error.InvalidArgument"));
    QVERIFY(refused.value(u"message").toString().contains(u"more than 50000 entries"));

    QJsonObject limit = tooMany;
    limit.insert(QStringLiteral("generate"), 50000);
    const QJsonObject accepted = m_fixture->call(HelperFixture::userAccount(), limit);
    QVERIFY2(accepted.value(u"ok").toBool(), qPrintable(accepted.value(u"message").toString()));
    QCOMPARE(m_fixture->readHosts().count("\n"), original.count("\n") + 50000 + 2);
    QVERIFY(
        m_fixture->helperLogged(QStringLiteral("marker=TEST-BIG added=h0.test,h1.test,h10.test,")));
    QVERIFY(m_fixture->helperLogged(QStringLiteral("(49980 more)")));
    QVERIFY(m_fixture
                ->call(HelperFixture::userAccount(),
                       simple(QStringLiteral("Clear"), QStringLiteral("TEST-BIG")))
                .value(u"ok")
                .toBool());
    QCOMPARE(m_fixture->readHosts(), original);
}

void TestHelperService::policyNeedsItsOwnAuthorization()
{
    const QJsonObject allowDtk{{QStringLiteral("method"), QStringLiteral("SetPolicy")},
                               {QStringLiteral("domains"), QJsonArray{QStringLiteral("dtk.io")}},
                               {QStringLiteral("public"), false}};
    const auto dtkHost = setEntries(
        QStringLiteral("TEST-P"),
        rows({{QStringLiteral("10.0.0.8"), QStringLiteral("api.dtk.io"), QString()}}), true);

    // Allowed to manage hosts is not allowed to widen what may be written.
    const QJsonObject refused = m_fixture->call(HelperFixture::userAccount(), allowDtk);
    QCOMPARE(errorOf(refused), QStringLiteral("io.github.k8shosts.Error.NotAuthorized"));
    QVERIFY(!QFile::exists(m_fixture->policyPath()));
    QCOMPARE(errorOf(m_fixture->call(HelperFixture::userAccount(), dtkHost)),
             QStringLiteral("io.github.k8shosts.Error.InvalidArgument"));

    const QJsonObject badDomain{
        {QStringLiteral("method"), QStringLiteral("SetPolicy")},
        {QStringLiteral("domains"), QJsonArray{QStringLiteral("dtk.io\nallow-public-ips = true")}},
        {QStringLiteral("public"), false}};
    QCOMPARE(errorOf(m_fixture->call(HelperFixture::adminAccount(), badDomain)),
             QStringLiteral("io.github.k8shosts.Error.InvalidArgument"));
    QVERIFY(!QFile::exists(m_fixture->policyPath()));

    const QJsonObject granted = m_fixture->call(HelperFixture::adminAccount(), allowDtk);
    QVERIFY2(granted.value(u"ok").toBool(), qPrintable(granted.value(u"message").toString()));
    QFile policy(m_fixture->policyPath());
    QVERIFY(policy.open(QIODevice::ReadOnly));
    QVERIFY(policy.readAll().contains("\nallow-domain = dtk.io\n"));
    QVERIFY(m_fixture->helperLogged(
        QStringLiteral("audit: uid=%1 policy allow-domain=dtk.io allow-public-ips=false")
            .arg(HelperFixture::uidOf(HelperFixture::adminAccount()))));
    const QJsonObject written = m_fixture->call(HelperFixture::userAccount(), dtkHost);
    QVERIFY2(written.value(u"ok").toBool(), qPrintable(written.value(u"message").toString()));
    QVERIFY(m_fixture->readHosts().contains("10.0.0.8 api.dtk.io\n"));

    const QJsonObject reset{{QStringLiteral("method"), QStringLiteral("SetPolicy")},
                            {QStringLiteral("domains"), QJsonArray()},
                            {QStringLiteral("public"), false}};
    QVERIFY(m_fixture->call(HelperFixture::adminAccount(), reset).value(u"ok").toBool());
    QVERIFY(m_fixture
                ->call(HelperFixture::userAccount(),
                       simple(QStringLiteral("Clear"), QStringLiteral("TEST-P")))
                .value(u"ok")
                .toBool());
    QCOMPARE(errorOf(m_fixture->call(HelperFixture::userAccount(), dtkHost)),
             QStringLiteral("io.github.k8shosts.Error.InvalidArgument"));
}

void TestHelperService::leaseEndsWhenTheCallerIsKilled()
{
    QJsonObject answer;
    auto caller = m_fixture->startStaying(
        HelperFixture::userAccount(),
        setEntries(QStringLiteral("TEST-L"),
                   rows({{QStringLiteral("10.0.0.9"), QStringLiteral("lease.test"), QString()}}),
                   false),
        &answer);
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"message").toString()));
    QVERIFY(m_fixture->readHosts().contains("10.0.0.9 lease.test\n"));
    QVERIFY(m_fixture->killAndSettle(caller.get(), answer.value(u"uniqueName").toString()));
    QCOMPARE(m_fixture->readHosts(), original);
    QVERIFY(m_fixture->helperLogged(
        QStringLiteral("uid=%1 marker=TEST-L added=- removed=lease.test cause=caller-disconnected")
            .arg(HelperFixture::uidOf(HelperFixture::userAccount()))));
}

void TestHelperService::keepOnDisconnectSurvivesTheCaller()
{
    QJsonObject answer;
    auto caller = m_fixture->startStaying(
        HelperFixture::userAccount(),
        setEntries(QStringLiteral("TEST-K"),
                   rows({{QStringLiteral("10.0.0.10"), QStringLiteral("keep.test"), QString()}}),
                   true),
        &answer);
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"message").toString()));
    QVERIFY(m_fixture->killAndSettle(caller.get(), answer.value(u"uniqueName").toString()));
    QVERIFY(m_fixture->readHosts().contains("#### BEGIN TEST-K ####\n10.0.0.10 keep.test\n"));
    QVERIFY(m_fixture
                ->call(HelperFixture::userAccount(),
                       simple(QStringLiteral("Clear"), QStringLiteral("TEST-K")))
                .value(u"ok")
                .toBool());
}

void TestHelperService::twoCallersKeepSeparateBlocks()
{
    QJsonObject first;
    QJsonObject second;
    auto one = m_fixture->startStaying(
        HelperFixture::userAccount(),
        setEntries(QStringLiteral("TEST-ONE"),
                   rows({{QStringLiteral("10.0.1.1"), QStringLiteral("one.test"), QString()}}),
                   false),
        &first);
    auto two = m_fixture->startStaying(
        HelperFixture::adminAccount(),
        setEntries(QStringLiteral("TEST-TWO"),
                   rows({{QStringLiteral("10.0.2.2"), QStringLiteral("two.test"), QString()}}),
                   false),
        &second);
    QVERIFY2(first.value(u"ok").toBool(), qPrintable(first.value(u"message").toString()));
    QVERIFY2(second.value(u"ok").toBool(), qPrintable(second.value(u"message").toString()));
    QCOMPARE(m_fixture->readHosts(), original + "#### BEGIN TEST-ONE ####\n10.0.1.1 one.test\n"
                                                "#### END TEST-ONE ####\n"
                                                "#### BEGIN TEST-TWO ####\n10.0.2.2 two.test\n"
                                                "#### END TEST-TWO ####\n");
    QVERIFY(m_fixture->killAndSettle(one.get(), first.value(u"uniqueName").toString()));
    QCOMPARE(m_fixture->readHosts(),
             original + "#### BEGIN TEST-TWO ####\n10.0.2.2 two.test\n#### END TEST-TWO ####\n");
    QVERIFY(m_fixture->killAndSettle(two.get(), second.value(u"uniqueName").toString()));
    QCOMPARE(m_fixture->readHosts(), original);
}

void TestHelperService::missingPolkitMeansDeny()
{
    m_fixture->stopPolkit();
    const QJsonObject answer = m_fixture->call(
        HelperFixture::userAccount(),
        setEntries(QStringLiteral("TEST-M"),
                   rows({{QStringLiteral("10.0.0.11"), QStringLiteral("m.test"), QString()}}),
                   true));
    expectUntouched(answer, QStringLiteral("io.github.k8shosts.Error.NotAuthorized"));
    QVERIFY2(answer.value(u"message").toString().contains(u"polkitd"),
             qPrintable(answer.value(u"message").toString()));
    QString error;
    QVERIFY2(m_fixture->startPolkit(&error), qPrintable(error));
}

void TestHelperService::exitsWhenIdle()
{
    m_fixture->stopHelper();
    QString error;
    QVERIFY2(m_fixture->startHelper(&error, 1), qPrintable(error));
    QProcess *helper = m_fixture->helperProcess();
    QTRY_COMPARE_WITH_TIMEOUT(helper->state(), QProcess::NotRunning, 20000);
    QCOMPARE(helper->exitStatus(), QProcess::NormalExit);
    QCOMPARE(helper->exitCode(), 0);
    QVERIFY(m_fixture->helperLogged(QStringLiteral("idle: exiting")));
}

// A background tool cannot make a password prompt appear: without the message's
// ALLOW_INTERACTIVE_AUTHORIZATION flag the helper says interaction is needed instead.
void TestHelperService::passwordOnlyWhenTheCallAllowsAsking()
{
    QJsonObject quiet = setEntries(
        QStringLiteral("TEST-Q"),
        rows({{QStringLiteral("10.0.0.5"), QStringLiteral("quiet.test"), QString()}}), true);
    quiet.insert(QStringLiteral("interactive"), false);
    const QJsonObject answer = m_fixture->call(HelperFixture::otherAccount(), quiet);
    expectUntouched(answer,
                    QStringLiteral("org.freedesktop.DBus.Error.InteractiveAuthorizationRequired"));
    // With the flag (as the app sends it), polkit would ask; nobody answers here.
    quiet.remove(QStringLiteral("interactive"));
    expectUntouched(m_fixture->call(HelperFixture::otherAccount(), quiet),
                    QStringLiteral("io.github.k8shosts.Error.NotAuthorized"));
}

// One user holding prompts open cannot stall the helper: a second pending check of the
// same caller, or a third of the same user, is refused at once; other users go through.
void TestHelperService::pendingChecksAreCappedPerCaller()
{
    const auto request = [](const QString &host) {
        return setEntries(QStringLiteral("TEST-CAP"),
                          rows({{QStringLiteral("10.0.0.6"), host, QString()}}), true);
    };
    std::unique_ptr<QProcess> first =
        m_fixture->launchCaller(HelperFixture::slowAccount(), request(QStringLiteral("a.test")));
    std::unique_ptr<QProcess> second =
        m_fixture->launchCaller(HelperFixture::slowAccount(), request(QStringLiteral("b.test")));
    QTest::qWait(300); // both are now waiting on polkit's 2 s
    QElapsedTimer clock;
    clock.start();
    const QJsonObject third =
        m_fixture->call(HelperFixture::slowAccount(), request(QStringLiteral("c.test")));
    QVERIFY2(clock.elapsed() < 1500, "refused only after waiting");
    QCOMPARE(errorOf(third), QStringLiteral("io.github.k8shosts.Error.Failed"));
    QVERIFY2(third.value(u"message").toString().contains(u"already has 2 requests waiting"),
             qPrintable(third.value(u"message").toString()));
    // Another user is not held up by them.
    const QJsonObject other = m_fixture->call(
        HelperFixture::userAccount(),
        setEntries(QStringLiteral("TEST-OTHER"),
                   rows({{QStringLiteral("10.0.0.7"), QStringLiteral("other.test"), QString()}}),
                   true));
    QVERIFY2(other.value(u"ok").toBool(), qPrintable(other.value(u"message").toString()));
    QVERIFY(finished(first.get()) && finished(second.get()));
    for (QProcess *caller : {first.get(), second.get()}) {
        const QJsonObject answer =
            QJsonDocument::fromJson(caller->readAllStandardOutput()).object();
        QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"message").toString()));
    }
}

void TestHelperService::aCallerThatLeavesHasItsCheckCancelled()
{
    QJsonObject answer;
    std::unique_ptr<QProcess> caller = m_fixture->launchCaller(
        HelperFixture::slowAccount(),
        setEntries(QStringLiteral("TEST-GONE"),
                   rows({{QStringLiteral("10.0.0.8"), QStringLiteral("gone.test"), QString()}}),
                   true));
    QTest::qWait(300);
    caller->kill();
    QVERIFY(finished(caller.get()));
    QVERIFY(m_fixture->helperLogged(QStringLiteral("cancelled the authorization check")));
    QTest::qWait(2500); // polkit's answer, had it been waited for
    QCOMPARE(m_fixture->readHosts(), original);
}

// A block belongs to the user who wrote it: another user with the usual right cannot clear
// or replace it; that needs manage-other-blocks (an administrator).
void TestHelperService::anotherUsersBlockNeedsMore()
{
    const auto mine = setEntries(
        QStringLiteral("TEST-OWN"),
        rows({{QStringLiteral("10.0.0.9"), QStringLiteral("mine.test"), QString()}}), true);
    QVERIFY(m_fixture->call(HelperFixture::userAccount(), mine).value(u"ok").toBool());
    const QByteArray written = m_fixture->readHosts();
    const QJsonObject cleared =
        m_fixture->call(HelperFixture::secondAccount(),
                        simple(QStringLiteral("Clear"), QStringLiteral("TEST-OWN")));
    QCOMPARE(errorOf(cleared), QStringLiteral("io.github.k8shosts.Error.NotAuthorized"));
    QVERIFY2(cleared.value(u"message").toString().contains(u"manage-other-blocks"),
             qPrintable(cleared.value(u"message").toString()));
    QCOMPARE(errorOf(m_fixture->call(HelperFixture::secondAccount(), mine)),
             QStringLiteral("io.github.k8shosts.Error.NotAuthorized"));
    QCOMPARE(m_fixture->readHosts(), written);
    // The owner may, and an administrator may.
    QVERIFY(m_fixture->call(HelperFixture::userAccount(), mine).value(u"ok").toBool());
    QVERIFY(m_fixture
                ->call(HelperFixture::adminAccount(),
                       simple(QStringLiteral("Clear"), QStringLiteral("TEST-OWN")))
                .value(u"ok")
                .toBool());
    QCOMPARE(m_fixture->readHosts(), original);
}

// An administrator narrows the policy while a prompt is open: the request is checked again
// with the policy as it is when polkit answers.
void TestHelperService::policyIsCheckedAgainAfterThePrompt()
{
    QDir().mkpath(QFileInfo(m_fixture->policyPath()).absolutePath());
    QFile policy(m_fixture->policyPath());
    QVERIFY(policy.open(QIODevice::WriteOnly | QIODevice::Truncate));
    policy.write("allow-domain = dtk.io\n");
    policy.close();
    std::unique_ptr<QProcess> caller = m_fixture->launchCaller(
        HelperFixture::slowAccount(),
        setEntries(QStringLiteral("TEST-TOCTOU"),
                   rows({{QStringLiteral("10.0.0.10"), QStringLiteral("api.dtk.io"), QString()}}),
                   true));
    QTest::qWait(500); // the check is pending
    QVERIFY(policy.open(QIODevice::WriteOnly | QIODevice::Truncate));
    policy.write("# dtk.io no more\n");
    policy.close();
    QVERIFY(finished(caller.get()));
    const QJsonObject answer = QJsonDocument::fromJson(caller->readAllStandardOutput()).object();
    QCOMPARE(errorOf(answer), QStringLiteral("io.github.k8shosts.Error.InvalidArgument"));
    QVERIFY2(answer.value(u"message").toString().contains(u"blocked by policy"),
             qPrintable(answer.value(u"message").toString()));
    QCOMPARE(m_fixture->readHosts(), original);
    QFile::remove(m_fixture->policyPath());
}

void TestHelperService::publicSuffixesAreRefused()
{
    for (const QString &suffix :
         {QStringLiteral("com"), QStringLiteral("co.uk"), QStringLiteral("github.io")}) {
        const QJsonObject answer = m_fixture->call(
            HelperFixture::adminAccount(), {{QStringLiteral("method"), QStringLiteral("SetPolicy")},
                                            {QStringLiteral("domains"), QJsonArray{suffix}},
                                            {QStringLiteral("public"), false}});
        QCOMPARE(errorOf(answer), QStringLiteral("io.github.k8shosts.Error.InvalidArgument"));
        QVERIFY2(answer.value(u"message").toString().contains(u"public suffix"),
                 qPrintable(answer.value(u"message").toString()));
        QCOMPARE(
            errorOf(m_fixture->call(HelperFixture::adminAccount(),
                                    {{QStringLiteral("method"), QStringLiteral("AllowDomains")},
                                     {QStringLiteral("domains"), QJsonArray{suffix}}})),
            QStringLiteral("io.github.k8shosts.Error.InvalidArgument"));
    }
    QVERIFY(!QFile::exists(m_fixture->policyPath()));
    // A file an administrator wrote with one is refused whole: nothing is written under it.
    QDir().mkpath(QFileInfo(m_fixture->policyPath()).absolutePath());
    QFile policy(m_fixture->policyPath());
    QVERIFY(policy.open(QIODevice::WriteOnly | QIODevice::Truncate));
    policy.write("allow-domain = com\n");
    policy.close();
    const QJsonObject refused = m_fixture->call(
        HelperFixture::userAccount(),
        setEntries(QStringLiteral("TEST-PSL"),
                   rows({{QStringLiteral("10.0.0.11"), QStringLiteral("a.test"), QString()}}),
                   true));
    QVERIFY2(refused.value(u"message").toString().contains(u"public suffix"),
             qPrintable(refused.value(u"message").toString()));
    QCOMPARE(m_fixture->readHosts(), original);
    QFile::remove(m_fixture->policyPath());
}

// What an administrator wrote stays: AllowDomains adds to the file as it is now.
void TestHelperService::allowDomainsAddsToWhatIsThere()
{
    QDir().mkpath(QFileInfo(m_fixture->policyPath()).absolutePath());
    QFile policy(m_fixture->policyPath());
    QVERIFY(policy.open(QIODevice::WriteOnly | QIODevice::Truncate));
    policy.write("allow-domain = example.org\nallow-public-ips = true\n");
    policy.close();
    const QJsonObject answer = m_fixture->call(
        HelperFixture::adminAccount(), {{QStringLiteral("method"), QStringLiteral("AllowDomains")},
                                        {QStringLiteral("domains"), QJsonArray{u"dtk.io"_qs}}});
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"message").toString()));
    QVERIFY(policy.open(QIODevice::ReadOnly));
    const QByteArray text = policy.readAll();
    policy.close();
    QVERIFY2(text.contains("allow-domain = example.org\n") &&
                 text.contains("allow-domain = dtk.io\n") &&
                 text.contains("allow-public-ips = true\n"),
             text.constData());
    QVERIFY(m_fixture->helperLogged(QStringLiteral("allow-domain=example.org,dtk.io")));
    QFile::remove(m_fixture->policyPath());
}

void TestHelperService::allBlocksTogetherAreCapped()
{
    QJsonObject big = setEntries(QStringLiteral("TEST-CAP1"), {}, true);
    big.insert(QStringLiteral("generate"), 30000);
    QVERIFY(m_fixture->call(HelperFixture::userAccount(), big).value(u"ok").toBool());
    big.insert(QStringLiteral("marker"), QStringLiteral("TEST-CAP2"));
    const QByteArray before = m_fixture->readHosts();
    const QJsonObject refused = m_fixture->call(HelperFixture::userAccount(), big);
    QCOMPARE(errorOf(refused), QStringLiteral("io.github.k8shosts.Error.InvalidArgument"));
    QVERIFY2(refused.value(u"message").toString().contains(u"would hold 60000 entries together"),
             qPrintable(refused.value(u"message").toString()));
    QCOMPARE(m_fixture->readHosts(), before);
    QVERIFY(m_fixture
                ->call(HelperFixture::userAccount(),
                       simple(QStringLiteral("Clear"), QStringLiteral("TEST-CAP1")))
                .value(u"ok")
                .toBool());
    // The first block is gone: the second fits now.
    QVERIFY(m_fixture->call(HelperFixture::userAccount(), big).value(u"ok").toBool());
    QVERIFY(m_fixture
                ->call(HelperFixture::userAccount(),
                       simple(QStringLiteral("Clear"), QStringLiteral("TEST-CAP2")))
                .value(u"ok")
                .toBool());
}

// A file grown past what the helper reads for a write can still lose our block.
void TestHelperService::clearWorksOnAnOversizedFile()
{
    QByteArray huge = original + "#### BEGIN TEST-HUGE ####\n10.0.0.12 huge.test\n"
                                 "#### END TEST-HUGE ####\n";
    huge += QByteArray(33 << 20, '#').replace(0, 1, "\n") + '\n';
    m_fixture->writeHosts(huge);
    const QJsonObject refused = m_fixture->call(
        HelperFixture::userAccount(),
        setEntries(QStringLiteral("TEST-HUGE"),
                   rows({{QStringLiteral("10.0.0.12"), QStringLiteral("huge.test"), QString()}}),
                   true));
    QVERIFY(refused.value(u"message").toString().contains(u"larger than 32 MiB"));
    const QJsonObject cleared = m_fixture->call(
        HelperFixture::userAccount(), simple(QStringLiteral("Clear"), QStringLiteral("TEST-HUGE")));
    QVERIFY2(cleared.value(u"ok").toBool(), qPrintable(cleared.value(u"message").toString()));
    QVERIFY(!m_fixture->readHosts().contains("huge.test"));
    m_fixture->writeHosts(original);
}

// One block is written at most once a second, whoever asks: the latest state wins, and
// every request is answered once its write landed.
void TestHelperService::writesOfOneBlockAreSpacedOut()
{
    m_fixture->stopHelper();
    m_fixture->writeIntervalMs = 1000;
    QString error;
    QVERIFY2(m_fixture->startHelper(&error), qPrintable(error));
    const auto write = [](const QString &host) {
        return setEntries(QStringLiteral("TEST-RATE"),
                          rows({{QStringLiteral("10.0.0.13"), host, QString()}}), true);
    };
    QVERIFY(m_fixture->call(HelperFixture::userAccount(), write(QStringLiteral("r1.test")))
                .value(u"ok")
                .toBool());
    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<QProcess>> callers;
    for (const QString &host :
         {QStringLiteral("r2.test"), QStringLiteral("r3.test"), QStringLiteral("r4.test")}) {
        callers.push_back(m_fixture->launchCaller(HelperFixture::userAccount(), write(host)));
        QTest::qWait(50); // in this order
    }
    for (auto &caller : callers) {
        QVERIFY(finished(caller.get()));
        const QJsonObject answer =
            QJsonDocument::fromJson(caller->readAllStandardOutput()).object();
        QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"message").toString()));
    }
    QVERIFY2(clock.elapsed() >= 500, "the later requests were answered before their write");
    QVERIFY(m_fixture->readHosts().contains("10.0.0.13 r4.test"));
    // Two writes: the first, and the last of the three that came within the second.
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->helperLog().count(u"marker=TEST-RATE"_qs), 2, 5000);
    QTest::qWait(1200);
    QCOMPARE(m_fixture->helperLog().count(u"marker=TEST-RATE"_qs), 2);
    m_fixture->stopHelper();
    m_fixture->writeIntervalMs = 0;
    QVERIFY2(m_fixture->startHelper(&error), qPrintable(error));
    m_fixture->call(HelperFixture::userAccount(),
                    simple(QStringLiteral("Clear"), QStringLiteral("TEST-RATE")));
}

// The helper restarts while a caller still runs: the lease is watched again, and the block
// goes when the caller does.
void TestHelperService::leasesSurviveARestart()
{
    QJsonObject answer;
    std::unique_ptr<QProcess> caller = m_fixture->startStaying(
        HelperFixture::userAccount(),
        setEntries(QStringLiteral("TEST-LR"),
                   rows({{QStringLiteral("10.0.0.14"), QStringLiteral("lr.test"), QString()}}),
                   false),
        &answer);
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"message").toString()));
    m_fixture->stopHelper();
    QString error;
    QVERIFY2(m_fixture->startHelper(&error), qPrintable(error));
    QVERIFY(m_fixture->helperLogged(QStringLiteral("lease on \"TEST-LR\" kept")));
    QVERIFY(m_fixture->readHosts().contains("lr.test"));
    QVERIFY(m_fixture->killAndSettle(caller.get(), answer.value(u"uniqueName").toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!m_fixture->readHosts().contains("lr.test"), 10000);
}

// The caller went while the helper was down: its block is removed when the helper starts.
void TestHelperService::orphanedLeasesAreClearedAtStart()
{
    QJsonObject answer;
    std::unique_ptr<QProcess> caller = m_fixture->startStaying(
        HelperFixture::userAccount(),
        setEntries(QStringLiteral("TEST-LO"),
                   rows({{QStringLiteral("10.0.0.15"), QStringLiteral("lo.test"), QString()}}),
                   false),
        &answer);
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"message").toString()));
    m_fixture->stopHelper();
    caller->kill();
    QVERIFY(finished(caller.get()));
    QVERIFY(m_fixture->readHosts().contains("lo.test"));
    QString error;
    QVERIFY2(m_fixture->startHelper(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(!m_fixture->readHosts().contains("lo.test"), 10000);
    QVERIFY(m_fixture->helperLogged(QStringLiteral("caller-gone-at-start")));
}

QTEST_GUILESS_MAIN(TestHelperService)
#include "tst_helperservice.moc"
