// The helper's registrations of the local responder, in a temporary root: what is checked
// before anything is written, the files it owns (and the ones it never touches), and what a
// restart of the helper remembers.
#include "helper/resolverkeeper.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <unistd.h>

class TestResolverKeeper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void refusesWhatItMustNotRoute_data();
    void refusesWhatItMustNotRoute();
    void writesAndRemovesItsDropIn();
    void neverTouchesAFileItDidNotWrite();
    void leavesAFileSomeoneChanged();
    void sayWhyWithoutASupportedResolver();
    void rememberedAcrossARestart();
    void capsTheRegistrations();

private:
    std::unique_ptr<ResolverKeeper> keeper() const;
    QString dropIn(const QString &domain) const;
    void writeFile(const QString &path, const QByteArray &content) const;
    QByteArray read(const QString &path) const;

    std::unique_ptr<QTemporaryDir> m_root;
    std::unique_ptr<PolicyFile> m_policy;
};

void TestResolverKeeper::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    QDir(m_root->path()).mkpath(QStringLiteral("etc/dnsmasq.d"));
    QDir(m_root->path()).mkpath(QStringLiteral("var/lib"));
    writeFile(m_root->filePath(QStringLiteral("etc/resolv.conf")), "nameserver 127.0.0.1\n");
    writeFile(m_root->filePath(QStringLiteral("etc/k8s-hosts.conf")),
              "allow-domain = corp.example.com\n");
    // The checks of ownership hold where the tests run as root (CI); elsewhere they are off.
    m_policy = std::make_unique<PolicyFile>(m_root->filePath(QStringLiteral("etc/k8s-hosts.conf")),
                                            ::geteuid() == 0);
}

std::unique_ptr<ResolverKeeper> TestResolverKeeper::keeper() const
{
    return std::make_unique<ResolverKeeper>(m_root->path(),
                                            m_root->filePath(QStringLiteral("var/lib/k8s-hosts")),
                                            m_policy.get(), ::geteuid() == 0);
}

QString TestResolverKeeper::dropIn(const QString &domain) const
{
    return m_root->filePath(QStringLiteral("etc/dnsmasq.d/k8s-hosts-%1.conf").arg(domain));
}

void TestResolverKeeper::refusesWhatItMustNotRoute_data()
{
    QTest::addColumn<QString>("domain");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("why");
    const QString lo = QStringLiteral("127.0.0.1");
    QTest::newRow("a public suffix")
        << QStringLiteral("co.uk") << lo << 15353 << QStringLiteral("co.uk is a public suffix");
    QTest::newRow("a top-level domain")
        << QStringLiteral("test") << lo << 15353 << QStringLiteral("whole top-level domain");
    QTest::newRow("under .local") << QStringLiteral("apps.local") << lo << 15353
                                  << QStringLiteral("multicast DNS");
    QTest::newRow("outside the policy")
        << QStringLiteral("apps.example.org") << lo << 15353 << QStringLiteral("example.org");
    QTest::newRow("not a domain") << QStringLiteral("apps..test") << lo << 15353
                                  << QStringLiteral("is not a domain");
    QTest::newRow("upper case") << QStringLiteral("Apps.test") << lo << 15353
                                << QStringLiteral("lower case");
    QTest::newRow("a remote server") << QStringLiteral("apps.test") << QStringLiteral("192.0.2.1")
                                     << 15353 << QStringLiteral("loopback");
    QTest::newRow("not an address")
        << QStringLiteral("apps.test") << QStringLiteral("127.0.0.1\nserver=/x/1.2.3.4") << 53
        << QStringLiteral("loopback");
    QTest::newRow("port 0") << QStringLiteral("apps.test") << lo << 0 << QStringLiteral("port 0");
}

void TestResolverKeeper::refusesWhatItMustNotRoute()
{
    QFETCH(QString, domain);
    QFETCH(QString, address);
    QFETCH(int, port);
    QFETCH(QString, why);
    auto k = keeper();
    const ResolverKeeper::Outcome outcome = k->add(0, domain, address, quint16(port), {});
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error, HelperProtocol::Error::InvalidArgument);
    QVERIFY2(outcome.message.contains(why), qPrintable(outcome.message));
    QVERIFY(QDir(m_root->filePath(QStringLiteral("etc/dnsmasq.d"))).isEmpty());
    QVERIFY(k->registrations().isEmpty());
}

void TestResolverKeeper::writesAndRemovesItsDropIn()
{
    auto k = keeper();
    ResolverKeeper::Outcome outcome =
        k->add(1000, QStringLiteral("apps.test"), QStringLiteral("127.0.0.1"), 15353,
               QStringLiteral(":1.42"));
    QVERIFY2(outcome.ok(), qPrintable(outcome.message));
    QVERIFY(outcome.changed);
    QCOMPARE(outcome.message, QStringLiteral("dnsmasq: ") + dropIn(QStringLiteral("apps.test")));
    QVERIFY(
        read(dropIn(QStringLiteral("apps.test"))).endsWith("server=/apps.test/127.0.0.1#15353\n"));
    QCOMPARE(QFileInfo(dropIn(QStringLiteral("apps.test"))).permissions() & QFile::WriteOther,
             QFile::Permissions());
    // The same again changes nothing: the resolver is not restarted for it.
    outcome = k->add(1000, QStringLiteral("apps.test"), QStringLiteral("127.0.0.1"), 15353,
                     QStringLiteral(":1.42"));
    QVERIFY(outcome.ok());
    QVERIFY(!outcome.changed);
    // Under a domain the policy file allows.
    QVERIFY(
        k->add(1000, QStringLiteral("dev.corp.example.com"), QStringLiteral("::1"), 53, {}).ok());
    QVERIFY(read(dropIn(QStringLiteral("dev.corp.example.com")))
                .contains("server=/dev.corp.example.com/::1#53"));

    outcome = k->remove(QStringLiteral("apps.test"), QStringLiteral("test"), 1000);
    QVERIFY(outcome.ok());
    QVERIFY(outcome.changed);
    QVERIFY(!QFile::exists(dropIn(QStringLiteral("apps.test"))));
    QCOMPARE(k->registrations().size(), 1);
    // Nothing registered: nothing to do, and no error.
    outcome = k->remove(QStringLiteral("apps.test"), QStringLiteral("test"), 1000);
    QVERIFY(outcome.ok());
    QVERIFY(!outcome.changed);
}

void TestResolverKeeper::neverTouchesAFileItDidNotWrite()
{
    const QByteArray theirs = "server=/apps.test/10.0.0.53\n";
    writeFile(dropIn(QStringLiteral("apps.test")), theirs);
    auto k = keeper();
    const ResolverKeeper::Outcome outcome =
        k->add(1000, QStringLiteral("apps.test"), QStringLiteral("127.0.0.1"), 15353, {});
    QCOMPARE(outcome.error, HelperProtocol::Error::Failed);
    QVERIFY2(outcome.message.contains(QStringLiteral("k8s-hosts did not write it")),
             qPrintable(outcome.message));
    QCOMPARE(read(dropIn(QStringLiteral("apps.test"))), theirs);
    QVERIFY(k->remove(QStringLiteral("apps.test"), QStringLiteral("test"), 1000).ok());
    QCOMPARE(read(dropIn(QStringLiteral("apps.test"))), theirs);
}

void TestResolverKeeper::leavesAFileSomeoneChanged()
{
    auto k = keeper();
    QVERIFY(k->add(1000, QStringLiteral("apps.test"), QStringLiteral("127.0.0.1"), 15353, {}).ok());
    const QByteArray edited = "# mine now\nserver=/apps.test/127.0.0.1#5300\n";
    writeFile(dropIn(QStringLiteral("apps.test")), edited);
    QVERIFY(k->remove(QStringLiteral("apps.test"), QStringLiteral("test"), 1000).ok());
    QCOMPARE(read(dropIn(QStringLiteral("apps.test"))), edited);
    QVERIFY(k->registrations().isEmpty());
}

void TestResolverKeeper::sayWhyWithoutASupportedResolver()
{
    writeFile(m_root->filePath(QStringLiteral("etc/resolv.conf")), "nameserver 192.0.2.1\n");
    QDir(m_root->filePath(QStringLiteral("etc/dnsmasq.d"))).removeRecursively();
    auto k = keeper();
    const ResolverKeeper::Outcome outcome =
        k->add(1000, QStringLiteral("apps.test"), QStringLiteral("127.0.0.1"), 15353, {});
    QCOMPARE(outcome.error, HelperProtocol::Error::Failed);
    QVERIFY2(outcome.message.contains(QStringLiteral("install dnsmasq")),
             qPrintable(outcome.message));
    QVERIFY(k->registrations().isEmpty());
}

void TestResolverKeeper::rememberedAcrossARestart()
{
    {
        auto k = keeper();
        QVERIFY(k->add(1000, QStringLiteral("apps.test"), QStringLiteral("127.0.0.1"), 15353,
                       QStringLiteral(":1.7"))
                    .ok());
    }
    auto again = keeper();
    const auto known = again->registration(QStringLiteral("apps.test"));
    QVERIFY(known);
    QCOMPARE(known->uid, 1000u);
    QCOMPARE(known->lease, QStringLiteral(":1.7"));
    QCOMPARE(known->path, dropIn(QStringLiteral("apps.test")));
    QVERIFY(again->remove(QStringLiteral("apps.test"), QStringLiteral("test"), 0).changed);
    QVERIFY(!QFile::exists(dropIn(QStringLiteral("apps.test"))));
}

void TestResolverKeeper::capsTheRegistrations()
{
    auto k = keeper();
    for (int i = 0; i < ResolverKeeper::maxRegistrations; ++i)
        QVERIFY(
            k->add(1000, QStringLiteral("d%1.test").arg(i), QStringLiteral("127.0.0.1"), 15353, {})
                .ok());
    const ResolverKeeper::Outcome outcome =
        k->add(1000, QStringLiteral("one-more.test"), QStringLiteral("127.0.0.1"), 15353, {});
    QCOMPARE(outcome.error, HelperProtocol::Error::Failed);
    QVERIFY(!QFile::exists(dropIn(QStringLiteral("one-more.test"))));
}

void TestResolverKeeper::writeFile(const QString &path, const QByteArray &content) const
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

QByteArray TestResolverKeeper::read(const QString &path) const
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QTEST_GUILESS_MAIN(TestResolverKeeper)
#include "tst_resolverkeeper.moc"
