// k8s-hosts --no-gui --publish hosts,resolver end to end: the binary against the fake API
// server, its responder asked by dig, then by glibc itself — getent in a mount namespace
// whose resolv.conf points at a real dnsmasq that forwards the wildcard's domain to the
// responder, as a desktop's dnsmasq would. Also: without registration it says how to
// register; --once is refused; a taken port stops the run at once.
#include "tests/support/fakeapiserver.h"
#include "tests/support/freeport.h"
#include "tests/support/kubeobjects.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <csignal>
#include <memory>

class TestResolverHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void wildcardsThroughDnsmasqAndGlibc();
    void withoutRegistrationSaysHow();
    void onceIsRefused();
    void takenPortStopsAtOnce();
    void dryRunSaysWhatEachWouldHold();

private:
    QStringList base() const;
    QString dig(const QString &name, const QString &type = u"A"_qs) const;
    std::unique_ptr<QProcess> start(const QStringList &args);
    int run(const QStringList &args, QByteArray *output);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeApiServer> m_api;
    QString m_kubeconfig;
    QString m_hosts;
    quint16 m_port = 0;
};

void TestResolverHeadless::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_api = std::make_unique<FakeApiServer>();
    QVERIFY(m_api->listen());
    m_api->cluster().create(ResourceKind::Ingress,
                            KubeObjects::ingress(u"apps"_qs, u"previews"_qs,
                                                 {u"*.apps.test"_qs, u"web.apps.test"_qs},
                                                 u"172.18.0.30"_qs));
    m_kubeconfig = m_dir->filePath(u"kubeconfig"_qs);
    QString error;
    QVERIFY2(m_api->kubeconfig().write(m_kubeconfig, &error), qPrintable(error));
    m_hosts = m_dir->filePath(u"hosts"_qs);
    QFile hosts(m_hosts);
    QVERIFY(hosts.open(QIODevice::WriteOnly));
    hosts.write("127.0.0.1 localhost\n");
    hosts.close();
    m_port = freeLocalPort();
    QVERIFY(m_port != 0);
}

void TestResolverHeadless::cleanup()
{
    m_api.reset();
    m_dir.reset();
}

QStringList TestResolverHeadless::base() const
{
    return {u"--no-gui"_qs,
            u"--kubeconfig"_qs,
            m_kubeconfig,
            u"--hosts-file"_qs,
            m_hosts,
            u"--publish"_qs,
            u"hosts,resolver"_qs,
            u"--resolver-listen"_qs,
            u"127.0.0.1:%1"_qs.arg(m_port)};
}

std::unique_ptr<QProcess> TestResolverHeadless::start(const QStringList &args)
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_RUNTIME_DIR"_qs, m_dir->path());
    env.insert(u"HOME"_qs, m_dir->path());
    env.insert(u"DBUS_SYSTEM_BUS_ADDRESS"_qs, u"unix:path=/nonexistent"_qs);
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(QStringLiteral(K8S_HOSTS_BIN), args);
    return process;
}

int TestResolverHeadless::run(const QStringList &args, QByteArray *output)
{
    const auto process = start(args);
    QSignalSpy finished(process.get(), &QProcess::finished);
    if (!finished.wait(30000)) {
        process->kill();
        process->waitForFinished(2000);
    }
    *output = process->readAll();
    return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
}

QString TestResolverHeadless::dig(const QString &name, const QString &type) const
{
    QProcess process;
    process.start(u"dig"_qs, {u"@127.0.0.1"_qs, u"-p"_qs, QString::number(m_port), u"+short"_qs,
                              u"+tries=1"_qs, name, type});
    process.waitForFinished(10000); // another process answers: blocking here is fine
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

void TestResolverHeadless::wildcardsThroughDnsmasqAndGlibc()
{
    const QString ready = m_dir->filePath(u"ready"_qs);
    const auto app =
        start(base() << u"--resolver-register"_qs << u"no"_qs << u"--ready-file"_qs << ready);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready) || app->state() == QProcess::NotRunning, 30000);
    if (app->state() != QProcess::Running)
        QFAIL(app->readAll().constData());

    QCOMPARE(dig(u"anything.apps.test"_qs), u"172.18.0.30"_qs);
    QCOMPARE(dig(u"b.c.apps.test"_qs), u"172.18.0.30"_qs);
    QCOMPARE(dig(u"web.apps.test"_qs), u"172.18.0.30"_qs);
    QCOMPARE(dig(u"web.apps.test"_qs, u"AAAA"_qs), QString()); // NODATA
    // The hosts file has the exact name as before, and no wildcard.
    QFile hosts(m_hosts);
    QVERIFY(hosts.open(QIODevice::ReadOnly));
    const QByteArray block = hosts.readAll();
    QVERIFY2(block.contains("172.18.0.30 web.apps.test") && !block.contains("*.apps.test"),
             block.constData());

    if (::geteuid() != 0)
        QSKIP("dnsmasq on port 53 and a private resolv.conf need root (CI runs as root)");
    // dnsmasq on a loopback address of its own, forwarding apps.test to the responder.
    QProcess dnsmasq;
    dnsmasq.setProcessChannelMode(QProcess::MergedChannels);
    dnsmasq.start(u"dnsmasq"_qs,
                  {u"--keep-in-foreground"_qs, u"--conf-file=/dev/null"_qs, u"--no-resolv"_qs,
                   u"--no-hosts"_qs, u"--bind-interfaces"_qs, u"--listen-address=127.0.0.153"_qs,
                   u"--port=53"_qs, u"--server=/apps.test/127.0.0.1#%1"_qs.arg(m_port),
                   u"--pid-file=%1"_qs.arg(m_dir->filePath(u"dnsmasq.pid"_qs)), u"--user=root"_qs,
                   u"--log-facility=-"_qs});
    QVERIFY(dnsmasq.waitForStarted(5000));
    QTest::qWait(300);
    if (dnsmasq.state() != QProcess::Running)
        QSKIP(qPrintable(u"dnsmasq did not start (port 53 taken?): "_qs +
                         QString::fromUtf8(dnsmasq.readAll())));
    QFile resolv(m_dir->filePath(u"resolv.conf"_qs));
    QVERIFY(resolv.open(QIODevice::WriteOnly));
    resolv.write("nameserver 127.0.0.153\noptions timeout:2 attempts:1\n");
    resolv.close();
    QFile nss(m_dir->filePath(u"nsswitch.conf"_qs));
    QVERIFY(nss.open(QIODevice::WriteOnly));
    nss.write("hosts: dns\n");
    nss.close();
    QProcess getent;
    getent.start(u"unshare"_qs, {u"-m"_qs, u"sh"_qs, u"-c"_qs,
                                 u"mount --bind \"$0\" /etc/resolv.conf && mount --bind \"$1\" "
                                 "/etc/nsswitch.conf && getent hosts deep.preview.apps.test"_qs,
                                 resolv.fileName(), nss.fileName()});
    QVERIFY(getent.waitForFinished(20000));
    const QByteArray answer = getent.readAllStandardOutput();
    ::kill(static_cast<pid_t>(dnsmasq.processId()), SIGTERM);
    dnsmasq.waitForFinished(5000);
    QVERIFY2(answer.startsWith("172.18.0.30"),
             (answer + getent.readAllStandardError()).constData());

    ::kill(static_cast<pid_t>(app->processId()), SIGTERM);
    QVERIFY(app->waitForFinished(20000));
    QCOMPARE(app->exitCode(), 0);
    const QByteArray out = app->readAll();
    QVERIFY2(out.contains("local resolver: answering for apps.test"), out.constData());
    QVERIFY2(!out.contains("does not ask it yet"), out.constData()); // registration: no
}

void TestResolverHeadless::withoutRegistrationSaysHow()
{
    QByteArray out;
    QCOMPARE(run(base() << u"--exec"_qs << u"--"_qs << u"true"_qs, &out), 0);
    QVERIFY2(out.contains("server=/apps.test/127.0.0.1#" + QByteArray::number(m_port)),
             out.constData());
    QVERIFY2(out.contains("/etc/resolver/apps.test"), out.constData());
    // Registration was asked for, and says why it did not happen.
    QVERIFY2(out.contains("apps.test is not registered with the system: the system bus is not "
                          "reachable"),
             out.constData());
}

void TestResolverHeadless::onceIsRefused()
{
    QByteArray out;
    QCOMPARE(run(base() << u"--once"_qs, &out), 2);
    QVERIFY2(out.contains("--once cannot leave the local resolver behind"), out.constData());
}

void TestResolverHeadless::takenPortStopsAtOnce()
{
    QUdpSocket taken;
    QVERIFY(taken.bind(QHostAddress::LocalHost, m_port));
    QByteArray out;
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(run(base(), &out), 1);
    QVERIFY(clock.elapsed() < 20000);
    QVERIFY2(out.contains("cannot listen on 127.0.0.1:" + QByteArray::number(m_port)),
             out.constData());
}

void TestResolverHeadless::dryRunSaysWhatEachWouldHold()
{
    QUdpSocket taken; // a dry run binds nothing: the port may even be taken
    QVERIFY(taken.bind(QHostAddress::LocalHost, m_port));
    QByteArray out;
    QCOMPARE(run(base() << u"--dry-run"_qs << u"--resolver-register"_qs << u"no"_qs, &out), 0);
    QVERIFY2(out.contains("172.18.0.30 web.apps.test"), out.constData()); // the block
    QVERIFY2(out.contains("# local resolver (") && out.contains("#   *.apps.test 172.18.0.30"),
             out.constData());
    QFile hosts(m_hosts);
    QVERIFY(hosts.open(QIODevice::ReadOnly));
    QCOMPARE(hosts.readAll(), QByteArray("127.0.0.1 localhost\n"));
}

QTEST_GUILESS_MAIN(TestResolverHeadless)
#include "tst_resolverheadless.moc"
