// Which system resolver the helper registers a domain with, and the files it writes for it
// (golden copies in tests/helpercore/golden/resolver).
#include "helper/systemresolver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using Kind = SystemResolver::Kind;

class TestSystemResolver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void choosesTheResolverInUse_data();
    void choosesTheResolverInUse();
    void readsTheSystemsFiles();
    void filesMatchTheGoldenCopies_data();
    void filesMatchTheGoldenCopies();

private:
    static void write(const QString &path, const QByteArray &content);
};

void TestSystemResolver::choosesTheResolverInUse_data()
{
    QTest::addColumn<bool>("macOS");
    QTest::addColumn<QStringList>("nameservers");
    QTest::addColumn<bool>("networkManagerDnsmasq");
    QTest::addColumn<bool>("dnsmasqConfDir");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QString>("why");

    const QStringList loopback{QStringLiteral("127.0.0.1")};
    QTest::newRow("macOS") << true << QStringList() << false << false << int(Kind::ResolverFile)
                           << QString();
    QTest::newRow("NetworkManager's dnsmasq")
        << false << QStringList{QStringLiteral("127.0.1.1")} << true << true
        << int(Kind::NetworkManagerDnsmasq) << QString();
    QTest::newRow("dnsmasq") << false << loopback << false << true << int(Kind::Dnsmasq)
                             << QString();
    QTest::newRow("dnsmasq on ::1") << false << QStringList{QStringLiteral("::1")} << false << true
                                    << int(Kind::Dnsmasq) << QString();
    QTest::newRow("dnsmasq installed, not the resolver")
        << false << QStringList{QStringLiteral("192.0.2.53")} << false << true << int(Kind::None)
        << QStringLiteral("glibc cannot send one domain to another server");
    QTest::newRow("resolv.conf alone")
        << false << QStringList{QStringLiteral("192.0.2.53")} << false << false << int(Kind::None)
        << QStringLiteral("/etc/resolv.conf alone (nameserver 192.0.2.53)");
    QTest::newRow("systemd-resolved") << false << QStringList{QStringLiteral("127.0.0.53")} << false
                                      << false << int(Kind::SystemdResolved) << QString();
    QTest::newRow("systemd-resolved, dnsmasq installed")
        << false << QStringList{QStringLiteral("127.0.0.53")} << false << true
        << int(Kind::SystemdResolved) << QString();
    QTest::newRow("no nameserver") << false << QStringList() << false << true << int(Kind::None)
                                   << QStringLiteral("names no nameserver");
}

void TestSystemResolver::choosesTheResolverInUse()
{
    QFETCH(bool, macOS);
    QFETCH(QStringList, nameservers);
    QFETCH(bool, networkManagerDnsmasq);
    QFETCH(bool, dnsmasqConfDir);
    QFETCH(int, expected);
    QFETCH(QString, why);
    SystemResolver::Facts facts;
    facts.macOS = macOS;
    facts.nameservers = nameservers;
    facts.networkManagerUsesDnsmasq = networkManagerDnsmasq;
    facts.dnsmasqConfDir = dnsmasqConfDir;
    facts.resolvedStub = nameservers.contains(QStringLiteral("127.0.0.53"));
    QString reason;
    QCOMPARE(int(SystemResolver::choose(facts, &reason)), expected);
    if (why.isEmpty())
        QVERIFY2(reason.isEmpty(), qPrintable(reason));
    else
        QVERIFY2(reason.contains(why), qPrintable(reason));
}

void TestSystemResolver::readsTheSystemsFiles()
{
    QTemporaryDir root;
    write(root.filePath(QStringLiteral("etc/resolv.conf")),
          "# generated\nsearch example.test\nnameserver   127.0.0.1 \nnameserver 192.0.2.1\n");
    QDir(root.path()).mkpath(QStringLiteral("etc/dnsmasq.d"));
    write(root.filePath(QStringLiteral("etc/NetworkManager/NetworkManager.conf")),
          "[main]\nplugins=ifupdown\ndns=dnsmasq\n[ifupdown]\nmanaged=false\n");
    // A later conf.d file wins, as in NetworkManager.
    write(root.filePath(QStringLiteral("etc/NetworkManager/conf.d/90-dns.conf")),
          "[main]\ndns=default\n");
    write(root.filePath(QStringLiteral("etc/NetworkManager/conf.d/10-other.conf")),
          "[logging]\ndns=dnsmasq\n");
    SystemResolver::Facts facts = SystemResolver::gather(root.path());
    QCOMPARE(facts.nameservers,
             (QStringList{QStringLiteral("127.0.0.1"), QStringLiteral("192.0.2.1")}));
    QVERIFY(facts.dnsmasqConfDir);
    QVERIFY(!facts.networkManagerUsesDnsmasq);
    QVERIFY(!facts.resolvedStub);
    QFile::remove(root.filePath(QStringLiteral("etc/NetworkManager/conf.d/90-dns.conf")));
    facts = SystemResolver::gather(root.path());
    QVERIFY(facts.networkManagerUsesDnsmasq);
}

void TestSystemResolver::filesMatchTheGoldenCopies_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("path");
    QTest::newRow("resolver(5)") << int(Kind::ResolverFile)
                                 << QStringLiteral("/root/etc/resolver/apps.test");
    QTest::newRow("dnsmasq") << int(Kind::Dnsmasq)
                             << QStringLiteral("/root/etc/dnsmasq.d/k8s-hosts-apps.test.conf");
    QTest::newRow("NetworkManager")
        << int(Kind::NetworkManagerDnsmasq)
        << QStringLiteral("/root/etc/NetworkManager/dnsmasq.d/k8s-hosts-apps.test.conf");
}

void TestSystemResolver::filesMatchTheGoldenCopies()
{
    QFETCH(int, kind);
    QFETCH(QString, path);
    QCOMPARE(
        SystemResolver::filePath(Kind(kind), QStringLiteral("/root"), QStringLiteral("apps.test")),
        path);
    QFile golden(QStringLiteral(K8S_HOSTS_GOLDEN_DIR "/resolver/") + QFileInfo(path).fileName());
    QVERIFY2(golden.open(QIODevice::ReadOnly), qPrintable(golden.fileName()));
    const QByteArray content = SystemResolver::fileContent(Kind(kind), QStringLiteral("apps.test"),
                                                           QStringLiteral("127.0.0.1"), 15353);
    QCOMPARE(content, golden.readAll());
    QVERIFY(content.startsWith(SystemResolver::signature()));
}

void TestSystemResolver::write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

QTEST_GUILESS_MAIN(TestSystemResolver)
#include "tst_systemresolver.moc"
