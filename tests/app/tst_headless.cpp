// End-to-end tests of `k8s-hosts --no-gui`: the real binary against the in-process fake
// API server, with a temporary hosts file.
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/stat.h>

namespace {

const QByteArray original = "127.0.0.1 localhost\n::1 localhost\n";

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void onceWritesAndLeavesEntries();
    void onceFollowsNamespacesAndSources();
    void waitTimeoutNamesWhatWasNotReady();
    void execRunsCommandThenCleansUp();
    void execCommandNotFound();
    void sigtermRemovesEntriesQuickly();
    void followsLiveChanges();
    void secondInstanceRefusesButExecJoins();
    void sigkillThenRestartReplacesStaleEntries();
    void unwritableTargetWithoutHelperFailsEarly();
    void controllerNameBehavesHeadless();
    void headlessHoldsNoGuiLibrary();
    void dryRunTouchesNothing();
    void jsonLogsSayWhichIngress();
    void allowDomainExtendsPolicyForDirectWrites();
    void usageErrors_data();
    void usageErrors();
    void cleanupRemovesBlock();

private:
    QProcess *start(const QStringList &args);
    int run(const QStringList &args, QByteArray *output = nullptr, int timeoutMs = 20000);
    QStringList base() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeApiServer> m_server;
    QString m_hosts;
    QString m_kubeconfig;
    QList<QProcess *> m_processes;
};

void TestHeadless::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<FakeApiServer>();
    QVERIFY(m_server->listen());
    FakeCluster &c = m_server->cluster();
    c.create(ResourceKind::Ingress,
             KubeObjects::ingress(u"team-a"_qs, u"web"_qs, {u"web.local"_qs, u"*.w.local"_qs},
                                  u"172.18.0.10"_qs));
    c.create(ResourceKind::Ingress,
             KubeObjects::ingress(u"team-b"_qs, u"api"_qs, {u"api.test"_qs}, u"172.18.0.11"_qs));
    c.create(ResourceKind::Service,
             KubeObjects::loadBalancerService(u"team-a"_qs, u"db"_qs, {u"db.internal"_qs},
                                              u"172.18.0.12"_qs));
    c.create(ResourceKind::Ingress,
             KubeObjects::ingress(u"team-b"_qs, u"corp"_qs, {u"x.dtk.io"_qs}, u"172.18.0.13"_qs));
    m_hosts = m_dir->filePath(u"hosts"_qs);
    writeAll(m_hosts, original);
    m_kubeconfig = m_dir->filePath(u"kubeconfig"_qs);
    QString error;
    QVERIFY2(m_server->kubeconfig().write(m_kubeconfig, &error), qPrintable(error));
}

void TestHeadless::cleanup()
{
    for (QProcess *p : std::as_const(m_processes)) {
        if (p->state() != QProcess::NotRunning) {
            p->kill();
            p->waitForFinished(5000);
        }
        delete p;
    }
    m_processes.clear();
    m_server.reset();
}

QStringList TestHeadless::base() const
{
    return {u"--no-gui"_qs, u"--kubeconfig"_qs, m_kubeconfig, u"--hosts-file"_qs, m_hosts};
}

QProcess *TestHeadless::start(const QStringList &args)
{
    auto *p = new QProcess;
    m_processes.append(p);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_RUNTIME_DIR"_qs, m_dir->path()); // instance locks stay in the test's folder
    env.insert(u"HOME"_qs, m_dir->path());
    env.insert(u"DBUS_SYSTEM_BUS_ADDRESS"_qs, u"unix:path=/nonexistent"_qs); // no helper
    p->setProcessEnvironment(env);
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->start(QStringLiteral(K8S_HOSTS_BIN), args);
    return p;
}

// Runs the binary while this process keeps serving the API (an event loop, not a block).
int TestHeadless::run(const QStringList &args, QByteArray *output, int timeoutMs)
{
    QProcess *p = start(args);
    QSignalSpy finished(p, &QProcess::finished);
    if (!finished.wait(timeoutMs)) {
        p->kill();
        p->waitForFinished(2000);
    }
    if (output)
        *output = p->readAll();
    return p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
}

void TestHeadless::onceWritesAndLeavesEntries()
{
    QByteArray out;
    QCOMPARE(run(base() << u"--once"_qs, &out), 0);
    const QByteArray hosts = readAll(m_hosts);
    QVERIFY2(hosts.startsWith(original), hosts.constData());
    QVERIFY2(hosts.contains("172.18.0.10 web.local  # fake-apiserver/team-a/Ingress/web\n"),
             hosts.constData());
    QVERIFY(hosts.contains("172.18.0.11 api.test"));
    QVERIFY(hosts.contains("172.18.0.12 db.internal"));
    QVERIFY(!hosts.contains("dtk.io")); // outside the default policy
    QVERIFY(!hosts.contains("*.w.local"));
    QVERIFY2(out.contains("not written: *.w.local") && out.contains("wildcard"), out.constData());
    QVERIFY2(out.contains("blocked by policy"), out.constData());
}

void TestHeadless::onceFollowsNamespacesAndSources()
{
    QCOMPARE(run(base() << u"--once"_qs << u"--namespaces"_qs << u"team-a"_qs << u"--sources"_qs
                        << u"ingress"_qs),
             0);
    const QByteArray hosts = readAll(m_hosts);
    QVERIFY(hosts.contains("web.local"));
    QVERIFY(!hosts.contains("api.test"));    // other namespace
    QVERIFY(!hosts.contains("db.internal")); // services not selected
}

void TestHeadless::waitTimeoutNamesWhatWasNotReady()
{
    m_server->stopListening();
    QByteArray out;
    QCOMPARE(run(base() << u"--once"_qs << u"--wait-timeout"_qs << u"2"_qs, &out), 4);
    QVERIFY2(out.contains("not in sync after 2 s") && out.contains("fake-apiserver"),
             out.constData());
    QCOMPARE(readAll(m_hosts), original);
}

void TestHeadless::execRunsCommandThenCleansUp()
{
    const QString script = u"grep -q 'web.local' '%1' && exit 7"_qs.arg(m_hosts);
    QByteArray out;
    QCOMPARE(run(base() << u"--exec"_qs << u"--"_qs << u"sh"_qs << u"-c"_qs << script, &out), 7);
    QCOMPARE(readAll(m_hosts), original);
}

void TestHeadless::execCommandNotFound()
{
    QByteArray out;
    QCOMPARE(run(base() << u"--exec"_qs << u"--"_qs << u"/nonexistent/tool"_qs, &out), 127);
    QVERIFY2(out.contains("cannot run /nonexistent/tool"), out.constData());
    QCOMPARE(readAll(m_hosts), original);
}

void TestHeadless::sigtermRemovesEntriesQuickly()
{
    const QString ready = m_dir->filePath(u"ready"_qs);
    QProcess *p = start(base() << u"--ready-file"_qs << ready);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 20000);
    QVERIFY(readAll(m_hosts).contains("web.local"));
    QElapsedTimer clock;
    clock.start();
    ::kill(pid_t(p->processId()), SIGTERM);
    QSignalSpy finished(p, &QProcess::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(p->exitCode(), 0);
    QCOMPARE(readAll(m_hosts), original);
    qInfo("SIGTERM to exit: %lld ms", clock.elapsed());
}

void TestHeadless::followsLiveChanges()
{
    const QString ready = m_dir->filePath(u"ready"_qs);
    start(base() << u"--ready-file"_qs << ready);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 20000);
    m_server->cluster().apply(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"team-a"_qs, u"web"_qs, {u"web.local"_qs}, u"172.18.0.99"_qs));
    QTRY_VERIFY_WITH_TIMEOUT(readAll(m_hosts).contains("172.18.0.99 web.local"), 10000);
    m_server->cluster().remove(ResourceKind::Ingress, u"team-b"_qs, u"api"_qs);
    QTRY_VERIFY_WITH_TIMEOUT(!readAll(m_hosts).contains("api.test"), 10000);
    m_server->dropConnections(); // the watch reconnects and carries on
    m_server->cluster().create(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"team-b"_qs, u"new"_qs, {u"new.test"_qs}, u"172.18.0.20"_qs));
    QTRY_VERIFY_WITH_TIMEOUT(readAll(m_hosts).contains("172.18.0.20 new.test"), 15000);
}

void TestHeadless::secondInstanceRefusesButExecJoins()
{
    const QString ready = m_dir->filePath(u"ready"_qs);
    QProcess *first = start(base() << u"--ready-file"_qs << ready);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 20000);
    QByteArray out;
    QCOMPARE(run(base(), &out), 3);
    QVERIFY2(out.contains(QByteArray::number(first->processId())), out.constData());
    // --exec runs alongside, using the first instance's entries and leaving them in place.
    QCOMPARE(run(base() << u"--exec"_qs << u"--"_qs << u"grep"_qs << u"-q"_qs << u"web.local"_qs
                        << m_hosts),
             0);
    QVERIFY(readAll(m_hosts).contains("web.local"));
}

void TestHeadless::sigkillThenRestartReplacesStaleEntries()
{
    const QString ready = m_dir->filePath(u"ready"_qs);
    QProcess *first = start(base() << u"--ready-file"_qs << ready);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 20000);
    first->kill();
    first->waitForFinished(5000);
    QVERIFY(readAll(m_hosts).contains("api.test")); // left behind by the killed process
    m_server->cluster().remove(ResourceKind::Ingress, u"team-b"_qs, u"api"_qs);
    QCOMPARE(run(base() << u"--once"_qs), 0);
    QVERIFY(!readAll(m_hosts).contains("api.test"));
    QVERIFY(readAll(m_hosts).contains("web.local"));
}

void TestHeadless::unwritableTargetWithoutHelperFailsEarly()
{
    if (::geteuid() != 0)
        QSKIP("needs root to run the binary as another user");
    ::chmod(QFile::encodeName(m_dir->path()).constData(), 0755);
    ::chmod(QFile::encodeName(m_kubeconfig).constData(), 0644);
    QProcess nobody;
    nobody.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"DBUS_SYSTEM_BUS_ADDRESS"_qs, u"unix:path=/nonexistent"_qs);
    env.insert(u"XDG_RUNTIME_DIR"_qs, u"/tmp"_qs);
    nobody.setProcessEnvironment(env);
    const QStringList args = QStringList{u"--reuid=65534"_qs, u"--regid=65534"_qs,
                                         u"--clear-groups"_qs, QStringLiteral(K8S_HOSTS_BIN)} +
                             base() + QStringList{u"--once"_qs};
    nobody.start(u"setpriv"_qs, args);
    QVERIFY(nobody.waitForFinished(20000));
    const QByteArray out = nobody.readAll();
    QCOMPARE(nobody.exitCode(), 1);
    QVERIFY2(out.contains("cannot write") && out.contains("choose a file you own"),
             out.constData());
    QVERIFY2(m_server->requests().isEmpty(), "it watched before checking it could write");
    QCOMPARE(readAll(m_hosts), original);
}

// The Go controller's name: its own binary, headless without --no-gui.
void TestHeadless::controllerNameBehavesHeadless()
{
    const QString link =
        QFileInfo(QStringLiteral(K8S_HOSTS_BIN)).absolutePath() + u"/k8s-hosts-controller"_qs;
    QVERIFY(QFileInfo(link).isExecutable());
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_RUNTIME_DIR"_qs, m_dir->path());
    env.remove(u"DISPLAY"_qs);
    p.setProcessEnvironment(env);
    p.start(link, {u"--kubeconfig"_qs, m_kubeconfig, u"--hosts-file"_qs, m_hosts, u"--once"_qs});
    QSignalSpy finished(&p, &QProcess::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(readAll(m_hosts).contains("web.local"));
}

// k8s-hosts --no-gui runs on as k8s-hosts-controller, in the same process: no GUI library
// in memory, the same PID for signals and the ready file.
void TestHeadless::headlessHoldsNoGuiLibrary()
{
    const QString ready = m_dir->filePath(u"ready"_qs);
    QProcess *p = start(base() << u"--ready-file"_qs << ready);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 20000);
    QCOMPARE(readAll(ready).trimmed().toLongLong(), p->processId());
    const QByteArray maps = readAll(u"/proc/%1/maps"_qs.arg(p->processId()));
    QVERIFY(maps.contains("libQt6Core"));
    QVERIFY2(!maps.contains("libQt6Widgets") && !maps.contains("libQt6Gui"),
             "the headless process maps a GUI library");
    QVERIFY(QFileInfo(u"/proc/%1/exe"_qs.arg(p->processId()))
                .symLinkTarget()
                .endsWith(u"/k8s-hosts-controller"));
}

void TestHeadless::dryRunTouchesNothing()
{
    struct stat before
    {};
    ::stat(QFile::encodeName(m_hosts).constData(), &before);
    QProcess *p = start(base() << u"--dry-run"_qs);
    QSignalSpy finished(p, &QProcess::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(p->exitCode(), 0);
    const QByteArray out = p->readAllStandardOutput();
    QVERIFY2(out.contains("#### BEGIN K8S-HOSTS ####\n") && out.contains("172.18.0.10 web.local"),
             out.constData());
    QCOMPARE(readAll(m_hosts), original);
    struct stat after
    {};
    ::stat(QFile::encodeName(m_hosts).constData(), &after);
    QCOMPARE(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
}

void TestHeadless::jsonLogsSayWhichIngress()
{
    QByteArray out;
    QCOMPARE(run(base() << u"--once"_qs << u"--log-format"_qs << u"json"_qs, &out), 0);
    bool sawAdded = false;
    for (const QByteArray &line : out.split('\n')) {
        if (line.isEmpty() || line.startsWith("k8s-hosts-fake"))
            continue;
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(line, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
        QVERIFY(o.contains(u"time") && o.contains(u"level") && o.contains(u"category") &&
                o.contains(u"msg"));
        sawAdded = sawAdded ||
                   o.value(u"msg").toString().contains(
                       u"added web.local -> 172.18.0.10 from fake-apiserver/team-a/Ingress/web");
    }
    QVERIFY2(sawAdded, out.constData());
}

void TestHeadless::allowDomainExtendsPolicyForDirectWrites()
{
    QCOMPARE(run(base() << u"--once"_qs << u"--allow-domain"_qs << u"dtk.io"_qs), 0);
    QVERIFY(readAll(m_hosts).contains("172.18.0.13 x.dtk.io"));
}

void TestHeadless::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("unknown flag") << QStringList{u"--no-gui"_qs, u"--bogus"_qs};
    QTest::newRow("bad marker") << QStringList{u"--no-gui"_qs, u"--marker"_qs, u"bad marker"_qs};
    QTest::newRow("exec without command") << QStringList{u"--no-gui"_qs, u"--exec"_qs};
    QTest::newRow("bad sources") << QStringList{u"--no-gui"_qs, u"--sources"_qs, u"pods"_qs};
    QTest::newRow("bad timeout") << QStringList{u"--no-gui"_qs, u"--once"_qs, u"--wait-timeout"_qs,
                                                u"soon"_qs};
    QTest::newRow("both namespace flags")
        << QStringList{u"--no-gui"_qs, u"--namespaces"_qs, u"a"_qs, u"--all-namespaces"_qs};
    QTest::newRow("once and exec")
        << QStringList{u"--no-gui"_qs, u"--once"_qs, u"--exec"_qs, u"--"_qs, u"true"_qs};
}

void TestHeadless::usageErrors()
{
    QFETCH(QStringList, args);
    QByteArray out;
    QCOMPARE(run(args, &out), 2);
    QVERIFY2(out.startsWith("k8s-hosts: "), out.constData());
}

void TestHeadless::cleanupRemovesBlock()
{
    QCOMPARE(run(base() << u"--once"_qs), 0);
    QVERIFY(readAll(m_hosts) != original);
    QCOMPARE(run({u"--no-gui"_qs, u"--cleanup"_qs, u"--hosts-file"_qs, m_hosts}), 0);
    QCOMPARE(readAll(m_hosts), original);
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
