// k8s-hosts --no-gui --publish mdns end to end: the binary against the fake API server and a
// real avahi-daemon (tests/mdns/avahifixture), read back as a host on the link would: the
// .local name is answered while the run lasts and follows the cluster, a name that is not
// .local is said not written, the name goes when the run stops, and without avahi-daemon
// the run stops at once with the fix.
#include "tests/mdns/avahifixture.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

class TestMdnsHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void publishedWhileRunning();
    void withoutAvahiStopsAtOnce();
    void onceIsRefused();

private:
    QStringList base() const;
    QProcessEnvironment environment(const QString &systemBus) const;
    bool waitForLookup(const QString &name, const QStringList &expected) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeApiServer> m_api;
    std::unique_ptr<AvahiFixture> m_avahi;
    QString m_kubeconfig;
};

void TestMdnsHeadless::init()
{
    if (::geteuid() != 0)
        QSKIP("avahi-daemon runs in namespaces of its own, started by root: run as root (CI does)");
    m_dir = std::make_unique<QTemporaryDir>();
    m_api = std::make_unique<FakeApiServer>();
    QVERIFY(m_api->listen());
    m_api->cluster().create(ResourceKind::Ingress,
                            KubeObjects::ingress(u"shop"_qs, u"web"_qs,
                                                 {u"web.local"_qs, u"web.example.test"_qs},
                                                 u"172.18.0.10"_qs));
    m_kubeconfig = m_dir->filePath(u"kubeconfig"_qs);
    QString error;
    QVERIFY2(m_api->kubeconfig().write(m_kubeconfig, &error), qPrintable(error));
    m_avahi = std::make_unique<AvahiFixture>();
    QVERIFY2(m_avahi->start(&error), qPrintable(error));
}

void TestMdnsHeadless::cleanup()
{
    m_avahi.reset();
    m_api.reset();
    m_dir.reset();
}

QStringList TestMdnsHeadless::base() const
{
    return {u"--no-gui"_qs, u"--kubeconfig"_qs, m_kubeconfig, u"--publish"_qs, u"mdns"_qs};
}

QProcessEnvironment TestMdnsHeadless::environment(const QString &systemBus) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_RUNTIME_DIR"_qs, m_dir->path());
    env.insert(u"HOME"_qs, m_dir->path());
    env.insert(u"DBUS_SYSTEM_BUS_ADDRESS"_qs, systemBus);
    return env;
}

bool TestMdnsHeadless::waitForLookup(const QString &name, const QStringList &expected) const
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 20000) {
        if (m_avahi->lookup(name, u"A"_qs) == expected)
            return true;
        QTest::qWait(200);
    }
    qWarning() << name << "answers" << m_avahi->lookup(name, u"A"_qs) << "not" << expected;
    return false;
}

void TestMdnsHeadless::publishedWhileRunning()
{
    const QString ready = m_dir->filePath(u"ready"_qs);
    QProcess run;
    run.setProcessEnvironment(environment(m_avahi->busAddress()));
    run.setProcessChannelMode(QProcess::MergedChannels);
    run.start(QStringLiteral(K8S_HOSTS_BIN), base() << u"--ready-file"_qs << ready);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready) || run.state() == QProcess::NotRunning, 30000);
    if (run.state() != QProcess::Running)
        QFAIL(run.readAll().constData());
    // The ready file means avahi-daemon confirmed the name: it is answered now.
    QCOMPARE(m_avahi->lookup(u"web.local"_qs, u"A"_qs), QStringList{u"172.18.0.10"_qs});

    // The cluster moves the address: the answer follows.
    m_api->cluster().update(ResourceKind::Ingress,
                            KubeObjects::ingress(u"shop"_qs, u"web"_qs,
                                                 {u"web.local"_qs, u"web.example.test"_qs},
                                                 u"172.18.0.20"_qs));
    QVERIFY(waitForLookup(u"web.local"_qs, {u"172.18.0.20"_qs}));

    ::kill(static_cast<pid_t>(run.processId()), SIGTERM);
    QVERIFY(run.waitForFinished(20000));
    QCOMPARE(run.exitCode(), 0);
    const QByteArray out = run.readAll();
    QVERIFY2(out.contains("not written (mDNS): web.example.test") &&
                 out.contains("not a .local name"),
             out.constData());
    QVERIFY2(out.contains("in sync: 1 entries in avahi-daemon"), out.constData());
    QVERIFY(waitForLookup(u"web.local"_qs, {})); // gone with the run
}

void TestMdnsHeadless::withoutAvahiStopsAtOnce()
{
    QProcess run;
    run.setProcessEnvironment(environment(u"unix:path=/nonexistent"_qs));
    run.setProcessChannelMode(QProcess::MergedChannels);
    QElapsedTimer clock;
    clock.start();
    run.start(QStringLiteral(K8S_HOSTS_BIN), base());
    QVERIFY(run.waitForFinished(20000));
    QCOMPARE(run.exitCode(), 1);
    const QByteArray out = run.readAll();
    QVERIFY2(out.contains("avahi-daemon is not on the system bus") &&
                 out.contains("apt install avahi-daemon"),
             out.constData());
}

void TestMdnsHeadless::onceIsRefused()
{
    QProcess run;
    run.setProcessEnvironment(environment(m_avahi->busAddress()));
    run.setProcessChannelMode(QProcess::MergedChannels);
    run.start(QStringLiteral(K8S_HOSTS_BIN), base() << u"--once"_qs);
    QVERIFY(run.waitForFinished(20000));
    QCOMPARE(run.exitCode(), 2);
    const QByteArray out = run.readAll();
    QVERIFY2(out.contains("--once cannot leave mDNS names behind"), out.constData());
}

QTEST_GUILESS_MAIN(TestMdnsHeadless)
#include "tst_mdnsheadless.moc"
