// k8s-hosts --no-gui --publish hosts,dns end to end: the binary against the fake API server
// and a real BIND, read back with dig: --once publishes and leaves the names, a second
// --once sends nothing and says nothing was added, --exec removes what it put in place,
// --cleanup --publish dns removes exactly ours, and a wrong key stops the run at once.
#include "tests/dns/dnsserverfixture.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString zone = QStringLiteral("dev.example.test");

} // namespace

class TestDnsHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void onceThenRestartThenCleanup();
    void execRemovesWhatItPublished();
    void wrongKeyStopsAtOnce();

private:
    QStringList base() const;
    int run(const QStringList &args, QByteArray *output = nullptr, int timeoutMs = 30000);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeApiServer> m_api;
    std::unique_ptr<DnsServerFixture> m_dns;
    QString m_kubeconfig;
    QString m_hosts;
};

void TestDnsHeadless::init()
{
    if (::geteuid() != 0)
        QSKIP("the DNS server runs as nobody, started by root: run as root (CI does)");
    m_dir = std::make_unique<QTemporaryDir>();
    m_api = std::make_unique<FakeApiServer>();
    QVERIFY(m_api->listen());
    m_api->cluster().create(ResourceKind::Ingress,
                            KubeObjects::ingress(u"shop"_qs, u"web"_qs,
                                                 {u"web."_qs + zone, u"web.local"_qs},
                                                 u"172.18.0.10"_qs));
    m_kubeconfig = m_dir->filePath(u"kubeconfig"_qs);
    QString error;
    QVERIFY2(m_api->kubeconfig().write(m_kubeconfig, &error), qPrintable(error));
    m_hosts = m_dir->filePath(u"hosts"_qs);
    QFile hosts(m_hosts);
    QVERIFY(hosts.open(QIODevice::WriteOnly));
    hosts.write("127.0.0.1 localhost\n");
    hosts.close();
    m_dns = std::make_unique<DnsServerFixture>(DnsServerFixture::Kind::Bind);
    QVERIFY2(m_dns->start(&error), qPrintable(error));
    QFile key(m_dns->keyFile());
    QVERIFY(key.exists());
}

void TestDnsHeadless::cleanup()
{
    m_dns.reset();
    m_api.reset();
    m_dir.reset();
}

QStringList TestDnsHeadless::base() const
{
    return {u"--no-gui"_qs,
            u"--kubeconfig"_qs,
            m_kubeconfig,
            u"--hosts-file"_qs,
            m_hosts,
            u"--publish"_qs,
            u"hosts,dns"_qs,
            u"--dns-server"_qs,
            m_dns->server(),
            u"--dns-zone"_qs,
            zone,
            u"--tsig-key"_qs,
            m_dns->keyFile(),
            u"--txt-owner-id"_qs,
            u"ci-runner-1"_qs};
}

int TestDnsHeadless::run(const QStringList &args, QByteArray *output, int timeoutMs)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_RUNTIME_DIR"_qs, m_dir->path());
    env.insert(u"HOME"_qs, m_dir->path());
    env.insert(u"DBUS_SYSTEM_BUS_ADDRESS"_qs, u"unix:path=/nonexistent"_qs);
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(K8S_HOSTS_BIN), args);
    QSignalSpy finished(&p, &QProcess::finished);
    if (!finished.wait(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
    }
    if (output)
        *output = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

void TestDnsHeadless::onceThenRestartThenCleanup()
{
    QByteArray out;
    QCOMPARE(run(base() << u"--once"_qs, &out), 0);
    QCOMPARE(m_dns->lookup(u"web."_qs + zone, u"A"_qs), QStringList{u"172.18.0.10"_qs});
    QVERIFY2(m_dns->lookup(u"a-web."_qs + zone, u"TXT"_qs)
                 .value(0)
                 .contains(u"external-dns/owner=ci-runner-1"),
             qPrintable(m_dns->lookup(u"a-web."_qs + zone, u"TXT"_qs).join(u' ')));
    QFile hosts(m_hosts);
    QVERIFY(hosts.open(QIODevice::ReadOnly));
    const QByteArray block = hosts.readAll();
    QVERIFY2(block.contains("172.18.0.10 web.local"), block.constData());
    // web.local is no name for the zone: the DNS publisher says so.
    QVERIFY2(out.contains("not in zone"), out.constData());

    // Nothing changed: the second run finds its names and says nothing was added.
    QCOMPARE(run(base() << u"--once"_qs, &out), 0);
    QVERIFY2(!out.contains("added web."), out.constData());

    QCOMPARE(run({u"--no-gui"_qs, u"--cleanup"_qs, u"--publish"_qs, u"dns"_qs, u"--dns-server"_qs,
                  m_dns->server(), u"--dns-zone"_qs, zone, u"--tsig-key"_qs, m_dns->keyFile(),
                  u"--txt-owner-id"_qs, u"ci-runner-1"_qs, u"--hosts-file"_qs, m_hosts},
                 &out),
             0);
    QVERIFY2(out.contains("removed 1 records of ours from zone dev.example.test"), out.constData());
    QVERIFY(m_dns->lookup(u"web."_qs + zone, u"A"_qs).isEmpty());
    QVERIFY(m_dns->lookup(u"a-web."_qs + zone, u"TXT"_qs).isEmpty());
}

void TestDnsHeadless::execRemovesWhatItPublished()
{
    const QString script =
        u"dig @127.0.0.1 -p %1 +short web.%2 A | grep -qx 172.18.0.10"_qs.arg(m_dns->port())
            .arg(zone);
    QByteArray out;
    QCOMPARE(run(base() << u"--exec"_qs << u"--"_qs << u"sh"_qs << u"-c"_qs << script, &out), 0);
    QVERIFY(m_dns->lookup(u"web."_qs + zone, u"A"_qs).isEmpty()); // removed after the command
}

void TestDnsHeadless::wrongKeyStopsAtOnce()
{
    QFile key(m_dir->filePath(u"wrong.key"_qs));
    QVERIFY(key.open(QIODevice::WriteOnly));
    key.write("key \"app-key\" { algorithm hmac-sha256; secret \"" +
              QByteArray(32, 'w').toBase64() + "\"; };\n");
    key.close();
    QStringList args = base();
    args[args.indexOf(m_dns->keyFile())] = key.fileName();
    QByteArray out;
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(run(args << u"--once"_qs, &out), 1);
    QVERIFY(clock.elapsed() < 20000);
    QVERIFY2(out.contains("app-key") && (out.contains("BADSIG") || out.contains("BADKEY")),
             out.constData());
    QVERIFY(!out.contains(QByteArray(32, 'w').toBase64()));
}

QTEST_GUILESS_MAIN(TestDnsHeadless)
#include "tst_dnsheadless.moc"
