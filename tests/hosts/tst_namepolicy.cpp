#include "core/hosts/namepolicy.h"

#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

class TestNamePolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsAllowPrivateUseNames();
    void defaultsAllowOnlyPrivateAddresses();
    void refusalSaysHowToAllow();
    void parsesAdministratorFile();
    void rejectsMalformedFile_data();
    void rejectsMalformedFile();
    void roundTripsThroughText();
    void missingFileMeansDefaults();
    void refusesFileOthersCanWrite();
    void systemPolicyRefusesPublicSuffixes_data();
    void systemPolicyRefusesPublicSuffixes();
    void fixesOfferTheRegistrableDomain();
};

void TestNamePolicy::systemPolicyRefusesPublicSuffixes_data()
{
    QTest::addColumn<QString>("domain");
    QTest::addColumn<bool>("system");
    QTest::newRow("top-level domain") << u"com"_qs << false;
    QTest::newRow("country suffix") << u"co.uk"_qs << false;
    QTest::newRow("private suffix") << u"github.io"_qs << false;
    QTest::newRow("wildcard of a suffix") << u"*.co.uk"_qs << false;
    QTest::newRow("single label") << u"corp"_qs << false;
    QTest::newRow("registrable") << u"dtk.io"_qs << true;
    QTest::newRow("under a private suffix") << u"me.github.io"_qs << true;
    QTest::newRow("deeper") << u"apps.example.co.uk"_qs << true;
}

// The root-owned policy is for every user: no suffix that would let a cluster name every
// site under it. A run's own --allow-domain is its caller's choice.
void TestNamePolicy::systemPolicyRefusesPublicSuffixes()
{
    QFETCH(QString, domain);
    QFETCH(bool, system);
    NamePolicy policy;
    QString error;
    QCOMPARE(policy.allowDomain(domain, &error, NamePolicy::Scope::System), system);
    if (!system)
        QVERIFY2(error.contains(u"public suffix"), qPrintable(error));
    NamePolicy perRun;
    QVERIFY(perRun.allowDomain(domain, &error, NamePolicy::Scope::PerRun));
    // The file an administrator writes is the system policy.
    const auto parsed = NamePolicy::parse("allow-domain = " + domain.toUtf8() + '\n', &error);
    QCOMPARE(bool(parsed), system);
}

void TestNamePolicy::fixesOfferTheRegistrableDomain()
{
    QCOMPARE(NamePolicy::registrableDomain(u"api.dtk.io"), u"dtk.io"_qs);
    QCOMPARE(NamePolicy::registrableDomain(u"www.evil.co.uk"), u"evil.co.uk"_qs);
    QCOMPARE(NamePolicy::registrableDomain(u"x.y.github.io"), u"y.github.io"_qs);
    QVERIFY(NamePolicy::isPublicSuffix(u"github.io"));
    QVERIFY(!NamePolicy::isPublicSuffix(u"dtk.io"));
    // The refusal names the domain one can register, never the suffix.
    const QString refusal = NamePolicy().refusalForHost(u"www.evil.co.uk");
    QVERIFY2(refusal.contains(u"allow-domain = evil.co.uk"), qPrintable(refusal));
}

void TestNamePolicy::defaultsAllowPrivateUseNames()
{
    const NamePolicy policy;
    for (const auto host : {u"chart-dash.local", u"a.test", u"svc.internal", u"x.example",
                            u"nas.lan", u"box.localdomain", u"local"})
        QVERIFY2(policy.refusalForHost(host).isEmpty(), qPrintable(QString::fromUtf16(host)));
    for (const auto host :
         {u"accounts.google.com", u"dtk.io", u"localx", u"evil-local", u"test.com", u"local.com"})
        QVERIFY2(!policy.refusalForHost(host).isEmpty(), qPrintable(QString::fromUtf16(host)));
}

void TestNamePolicy::defaultsAllowOnlyPrivateAddresses()
{
    const NamePolicy policy;
    for (const auto ip : {u"127.0.0.1", u"10.1.2.3", u"172.18.0.200", u"192.168.49.2",
                          u"100.64.1.1", u"fd12::1", u"::1"})
        QVERIFY2(policy.refusalForAddress(*IpAddress::parse(ip)).isEmpty(),
                 qPrintable(QString::fromUtf16(ip)));
    for (const auto ip : {u"8.8.8.8", u"169.254.169.254", u"fe80::1", u"224.0.0.1", u"0.0.0.0",
                          u"::", u"255.255.255.255", u"2606:4700::1"})
        QVERIFY2(!policy.refusalForAddress(*IpAddress::parse(ip)).isEmpty(),
                 qPrintable(QString::fromUtf16(ip)));

    NamePolicy open;
    open.setAllowPublicAddresses(true);
    QVERIFY(open.refusalForAddress(*IpAddress::parse(u"8.8.8.8")).isEmpty());
    // Never, whatever the administrator allows: the metadata service and friends.
    for (const auto ip : {u"169.254.169.254", u"224.0.0.1", u"0.0.0.0", u"255.255.255.255"})
        QVERIFY(!open.refusalForAddress(*IpAddress::parse(ip)).isEmpty());
}

void TestNamePolicy::refusalSaysHowToAllow()
{
    const QString why = NamePolicy().refusalForHost(u"api.dtk.io");
    QVERIFY(why.startsWith(u"blocked by policy"));
    QVERIFY(why.contains(u"allow-domain = dtk.io"));
    QVERIFY(why.contains(u"--allow-domain dtk.io"));
    QVERIFY(why.contains(NamePolicy::systemPath()));
}

void TestNamePolicy::parsesAdministratorFile()
{
    QString error;
    const auto policy = NamePolicy::parse(
        "# comment\n\nallow-domain = dtk.io\n  allow-domain=*.Corp.Example.com # why\n"
        "allow-public-ips = true\n",
        &error);
    QVERIFY2(policy, qPrintable(error));
    QCOMPARE(policy->extraDomains(), (QStringList{u"dtk.io"_qs, u"corp.example.com"_qs}));
    QVERIFY(policy->allowsPublicAddresses());
    QVERIFY(policy->refusalForHost(u"api.dtk.io").isEmpty());
    QVERIFY(policy->refusalForHost(u"x.corp.example.com").isEmpty());
    QVERIFY(!policy->refusalForHost(u"example.com").isEmpty());
}

void TestNamePolicy::rejectsMalformedFile_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no equals") << QByteArray("allow-domain dtk.io\n") << u"line 1"_qs;
    QTest::newRow("unknown key") << QByteArray("\nallow-all = true\n") << u"line 2"_qs;
    QTest::newRow("bad domain") << QByteArray("allow-domain = bad domain\n") << u"not a domain"_qs;
    QTest::newRow("bad bool") << QByteArray("allow-public-ips = yes\n") << u"true or false"_qs;
}

void TestNamePolicy::rejectsMalformedFile()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, mentions);
    QString error;
    QVERIFY(!NamePolicy::parse(text, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void TestNamePolicy::roundTripsThroughText()
{
    NamePolicy policy;
    QVERIFY(policy.allowDomain(u"dtk.io"));
    QVERIFY(policy.allowDomain(u"local")); // built in: not repeated
    policy.setAllowPublicAddresses(true);
    const auto again = NamePolicy::parse(policy.toText(), nullptr);
    QVERIFY(again);
    QCOMPARE(*again, policy);
}

void TestNamePolicy::missingFileMeansDefaults()
{
    QTemporaryDir dir;
    QString error;
    const auto policy = NamePolicy::load(dir.filePath(u"absent.conf"_qs), true, &error);
    QVERIFY(policy);
    QCOMPARE(*policy, NamePolicy());
}

void TestNamePolicy::refusesFileOthersCanWrite()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"policy.conf"_qs);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("allow-domain = dtk.io\n");
    file.close();
    ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
    ::chmod(QFile::encodeName(path).constData(), 0666);
    QString error;
    QVERIFY(NamePolicy::load(path, false, &error)); // the app only reads it
    if (::geteuid() == 0) {
        QVERIFY(!NamePolicy::load(path, true, &error));
        QVERIFY2(error.contains(u"chmod go-w"), qPrintable(error));
        ::chmod(QFile::encodeName(path).constData(), 0644);
        QVERIFY2(NamePolicy::load(path, true, &error), qPrintable(error));
    } else {
        QVERIFY(!NamePolicy::load(path, true, &error)); // not owned by root
    }
}

QTEST_GUILESS_MAIN(TestNamePolicy)
#include "tst_namepolicy.moc"
