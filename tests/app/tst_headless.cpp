// End-to-end tests of `k8s-hosts --no-gui`: the real binary against the in-process fake
// API server, with a temporary hosts file.
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

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

// SIGINT is held back or caught by the process: our code runs.
bool handlesSigint(qint64 pid)
{
    for (const QByteArray &line : readAll(u"/proc/%1/status"_qs.arg(pid)).split('\n')) {
        if (line.startsWith("SigBlk:") || line.startsWith("SigCgt:")) {
            const quint64 mask = line.mid(7).trimmed().toULongLong(nullptr, 16);
            if (mask & (quint64(1) << (SIGINT - 1)))
                return true;
        }
    }
    return false;
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
    void glibcReadsEveryAddressOfAName();
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
    // "Say only what is true"
    void restartWithUnchangedClusterWritesNothing();
    void failingRunKeepsTheLastGoodBlock();
    void permanentErrorsFailFast_data();
    void permanentErrorsFailFast();
    void unauthorizedFailsFastAndIsNotUnreachable();
    void forbiddenEverywhereFailsFast();
    void transientErrorsSayTheyRetry();
    void missingNamespacesAreNamed();
    void otherToolsBlockIsNamedWithItsCleanup();
    void interruptingTheDemoAlwaysCleansUp();
    void sigtermDuringExecForwardsAndKeepsTheStatus();
    void execLeavesNoProcessBehind();
    void readyFileIsOursAndOnlyWhileWeRun();
    void cleanupRefusesWhileAnInstanceRuns();
    void helpNamesTheProgram();
    void jsonLogsAreJsonToTheLastLine();
    void dryRunDoesNotClaimToWrite();
    void execPluginAsRootFromSomeoneElsesKubeconfigIsNamed();

private:
    QProcess *start(const QStringList &args, const QProcessEnvironment &extra = {});
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

QProcess *TestHeadless::start(const QStringList &args, const QProcessEnvironment &extra)
{
    auto *p = new QProcess;
    m_processes.append(p);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(extra);
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

// A dual-stack load balancer with two IPv4 entries: one line per address, and glibc (Debian's
// "multi on") answers with all three, read from the written file bind-mounted over
// /etc/hosts in a mount namespace of its own.
void TestHeadless::glibcReadsEveryAddressOfAName()
{
    QJsonObject ingress = KubeObjects::ingress(u"team-a"_qs, u"multi"_qs, {u"multi.local"_qs});
    ingress.insert(
        u"status"_qs,
        QJsonObject{
            {u"loadBalancer"_qs,
             QJsonObject{{u"ingress"_qs, QJsonArray{QJsonObject{{u"ip"_qs, u"172.18.0.20"_qs}},
                                                    QJsonObject{{u"ip"_qs, u"172.18.0.21"_qs}},
                                                    QJsonObject{{u"ip"_qs, u"fd00::20"_qs}}}}}}});
    m_server->cluster().create(ResourceKind::Ingress, ingress);
    QCOMPARE(run(base() << u"--once"_qs), 0);
    const QByteArray hosts = readAll(m_hosts);
    for (const char *address : {"172.18.0.20", "172.18.0.21", "fd00::20"})
        QVERIFY2(hosts.contains(QByteArray(address) + " multi.local  #"), hosts.constData());

    if (::geteuid() != 0)
        QSKIP("reading the file through glibc needs a mount namespace: run as root (CI does)");
    QProcess getent;
    getent.start(u"unshare"_qs,
                 {u"-m"_qs, u"sh"_qs, u"-c"_qs,
                  u"mount --bind \"$0\" /etc/hosts && getent ahosts multi.local"_qs, m_hosts});
    QVERIFY(getent.waitForFinished(20000));
    const QByteArray answer = getent.readAllStandardOutput();
    QCOMPARE(getent.exitCode(), 0);
    for (const char *address : {"172.18.0.20", "172.18.0.21", "fd00::20"})
        QVERIFY2(answer.contains(address), answer.constData());
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

// A second run against an unchanged cluster adopts the block: the file is not rewritten
// (same inode, same modification time) and nothing is logged as added.
void TestHeadless::restartWithUnchangedClusterWritesNothing()
{
    QCOMPARE(run(base() << u"--once"_qs), 0);
    const QByteArray first = readAll(m_hosts);
    QVERIFY(first.contains("web.local"));
    struct stat before
    {};
    QCOMPARE(::stat(QFile::encodeName(m_hosts).constData(), &before), 0);
    QByteArray out;
    QCOMPARE(run(base() << u"--once"_qs, &out), 0);
    struct stat after
    {};
    QCOMPARE(::stat(QFile::encodeName(m_hosts).constData(), &after), 0);
    QCOMPARE(readAll(m_hosts), first);
    QCOMPARE(after.st_ino, before.st_ino); // a write renames a new file over it
    QCOMPARE(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
    QVERIFY2(!out.contains(" added "), out.constData());
    QVERIFY2(out.contains("in sync: 3 entries"), out.constData());
}

// A refresh while the cluster is down exits 4 and leaves the last good block as it was.
void TestHeadless::failingRunKeepsTheLastGoodBlock()
{
    QCOMPARE(run(base() << u"--once"_qs), 0);
    const QByteArray good = readAll(m_hosts);
    m_server->stopListening();
    QByteArray out;
    QCOMPARE(run(base() << u"--once"_qs << u"--wait-timeout"_qs << u"3"_qs, &out), 4);
    QCOMPARE(readAll(m_hosts), good);
    QVERIFY2(out.contains("was left as it was"), out.constData());
    // The same with --exec: the command never runs, the block stays.
    QCOMPARE(
        run(base() << u"--wait-timeout"_qs << u"2"_qs << u"--exec"_qs << u"--"_qs << u"true"_qs,
            &out),
        4);
    QCOMPARE(readAll(m_hosts), good);
}

// Mistakes that waiting cannot mend stop the run at once (exit 1) with the fix, whether or
// not --wait-timeout is given, and touch nothing.
void TestHeadless::permanentErrorsFailFast_data()
{
    QTest::addColumn<QString>("problem");
    QTest::addColumn<bool>("waitTimeout");
    QTest::addColumn<QByteArray>("says");
    for (const bool timeout : {false, true}) {
        const char *suffix = timeout ? " with --wait-timeout" : "";
        QTest::addRow("missing cluster%s", suffix)
            << u"cluster"_qs << timeout << QByteArray("add it or fix contexts[broken].cluster");
        QTest::addRow("hosts file is a directory%s", suffix)
            << u"directory"_qs << timeout << QByteArray("is a directory");
        QTest::addRow("no such directory%s", suffix)
            << u"nodir"_qs << timeout << QByteArray("does not exist");
        QTest::addRow("unbalanced marker%s", suffix)
            << u"marker"_qs << timeout << QByteArray("never closed");
    }
}

void TestHeadless::permanentErrorsFailFast()
{
    QFETCH(QString, problem);
    QFETCH(bool, waitTimeout);
    QFETCH(QByteArray, says);
    QStringList args = base();
    if (problem == u"cluster") {
        writeAll(m_kubeconfig, "apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: u\n"
                               "  user: {}\ncontexts:\n- name: broken\n  context: {cluster: "
                               "nowhere, user: u}\ncurrent-context: broken\n");
    } else if (problem == u"directory") {
        QFile::remove(m_hosts);
        QVERIFY(QDir().mkdir(m_hosts));
    } else if (problem == u"nodir") {
        args[args.indexOf(m_hosts)] = m_dir->filePath(u"no/such/dir/hosts"_qs);
    } else if (problem == u"marker") {
        writeAll(m_hosts, original + "#### BEGIN K8S-HOSTS ####\n10.0.0.1 x.local\n");
    }
    const QByteArray before = readAll(m_hosts);
    args << u"--once"_qs;
    if (waitTimeout)
        args << u"--wait-timeout"_qs << u"60"_qs;
    QElapsedTimer clock;
    clock.start();
    QByteArray out;
    QCOMPARE(run(args, &out, 20000), 1);
    QVERIFY2(clock.elapsed() < 10000, "it waited instead of stopping at once");
    QVERIFY2(out.contains(says), out.constData());
    QVERIFY2(!out.contains("retrying"), out.constData());
    if (problem != u"directory")
        QCOMPARE(readAll(m_hosts), before);
    if (problem == u"nodir") // the right diagnosis, also as root
        QVERIFY2(!out.contains("sudo") && !out.contains("as root"), out.constData());
}

// Credentials refused after the refresh: exit 1 at once, and never "cannot reach".
void TestHeadless::unauthorizedFailsFastAndIsNotUnreachable()
{
    FakeApiServer::Options options;
    options.tls = true;
    options.tokens = {u"right"_qs};
    options.allowAnonymous = false;
    FakeApiServer secured(options);
    QVERIFY(secured.listen());
    QString error;
    QVERIFY(secured.kubeconfig(KubeconfigWriter::Credentials::Token, u"wrong"_qs)
                .write(m_kubeconfig, &error));
    QByteArray out;
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(run(base() << u"--once"_qs, &out), 1);
    QVERIFY(clock.elapsed() < 10000);
    QVERIFY2(out.contains("401") && out.contains("log in again"), out.constData());
    QVERIFY2(!out.contains("cannot reach"), out.constData());
    QCOMPARE(readAll(m_hosts), original);
}

void TestHeadless::forbiddenEverywhereFailsFast()
{
    m_server->faults().failRequests(
        u"/(ingresses|services|gateways|httproutes|grpcroutes|tlsroutes)$"_qs, 403, -1,
        FaultPlan::Request::List | FaultPlan::Request::Watch);
    QByteArray out;
    QCOMPARE(run(base() << u"--once"_qs << u"--namespaces"_qs << u"team-a,team-b"_qs, &out), 1);
    QVERIFY2(out.contains("not allowed to list ingresses in namespace team-a") &&
                 out.contains("ask the cluster's administrator"),
             out.constData());
    QCOMPARE(readAll(m_hosts), original);
}

// While the first sync waits on a server that is down: each retry is said, and what is
// still awaited is repeated (every 30 s; every second here).
void TestHeadless::transientErrorsSayTheyRetry()
{
    m_server->stopListening();
    QProcessEnvironment fast;
    fast.insert(u"K8S_HOSTS_PROGRESS_SECONDS"_qs, u"1"_qs);
    QProcess *p = start(base(), fast);
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += p->readAll()).contains("still waiting for: fake-apiserver"),
                             15000);
    QTRY_VERIFY_WITH_TIMEOUT((out += p->readAll()).contains("(attempt 3)"), 20000);
    QVERIFY2(out.contains("cannot reach") && out.contains("retrying in"), out.constData());
    QCOMPARE(p->state(), QProcess::Running);
    // The server comes back: the run catches up by itself.
    QVERIFY(m_server->listen());
    QTRY_VERIFY_WITH_TIMEOUT(readAll(m_hosts).contains("web.local"), 40000);
}

void TestHeadless::missingNamespacesAreNamed()
{
    QByteArray out;
    QCOMPARE(run(base() << u"--once"_qs << u"--namespaces"_qs << u"team-a,does-not-exist"_qs, &out),
             0);
    QVERIFY2(out.contains("warning") &&
                 out.contains("context fake-apiserver has no namespace named does-not-exist"),
             out.constData());
    QVERIFY2(out.contains("in sync: 2 entries") &&
                 out.contains("no namespace named does-not-exist"),
             out.constData());
}

void TestHeadless::otherToolsBlockIsNamedWithItsCleanup()
{
    writeAll(m_hosts, original + "#### BEGIN TYK-K8S-HOSTS ####\n172.18.0.10 web.local\n"
                                 "#### END TYK-K8S-HOSTS ####\n");
    QByteArray out;
    QCOMPARE(run(base() << u"--once"_qs, &out), 0);
    QCOMPARE(out.count("the TYK-K8S-HOSTS block"), 1); // once
    QVERIFY2(out.contains("warning") &&
                 out.contains("k8s-hosts --no-gui --cleanup --marker TYK-K8S-HOSTS"),
             out.constData());
}

// Ctrl-C in a terminal signals the whole process group: whatever the phase, the entries go
// and the exit code is 0 — twenty times in a row.
void TestHeadless::interruptingTheDemoAlwaysCleansUp()
{
    QRandomGenerator rng(20261206);
    for (int round = 0; round < 20; ++round) {
        writeAll(m_hosts, original);
        auto *p = new QProcess;
        m_processes.append(p);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_RUNTIME_DIR"_qs, m_dir->path());
        env.insert(u"HOME"_qs, m_dir->path());
        p->setProcessEnvironment(env);
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->setChildProcessModifier([] { ::setpgid(0, 0); }); // a terminal's foreground job
        p->start(QStringLiteral(K8S_HOSTS_BIN),
                 {u"--no-gui"_qs, u"--demo"_qs, u"--hosts-file"_qs, m_hosts});
        QVERIFY(p->waitForStarted());
        // From main()'s first line on (before that, the dynamic loader runs: no program
        // handles a signal there).
        QTRY_VERIFY_WITH_TIMEOUT(handlesSigint(p->processId()), 5000);
        const int phase = round < 4 ? round * 40 : int(rng.bounded(1500));
        if (round % 2 == 1)
            QTRY_VERIFY_WITH_TIMEOUT(readAll(m_hosts).contains("BEGIN K8S-HOSTS"), 20000);
        QTest::qWait(phase);
        ::kill(-pid_t(p->processId()), SIGINT);
        QSignalSpy finished(p, &QProcess::finished);
        QVERIFY(p->state() == QProcess::NotRunning || finished.wait(15000));
        const QByteArray out = p->readAll();
        QVERIFY2(
            p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0,
            qPrintable(u"round %1 (%2 ms): exit %3\n"_qs.arg(round).arg(phase).arg(p->exitCode()) +
                       QString::fromUtf8(out)));
        QVERIFY2(!out.contains("k8s-hosts: "), // no error: the cluster was ours to stop
                 qPrintable(u"round %1: %2"_qs.arg(round).arg(QString::fromUtf8(out))));
        QVERIFY2(
            !readAll(m_hosts).contains("K8S-HOSTS"),
            qPrintable(u"round %1: entries left behind\n"_qs.arg(round) + QString::fromUtf8(out)));
    }
}

// SIGTERM during --exec goes to the command's whole group; we exit with its status
// (128+15), remove our entries, and leave no process behind.
void TestHeadless::sigtermDuringExecForwardsAndKeepsTheStatus()
{
    const QString pidFile = m_dir->filePath(u"child.pid"_qs);
    const QString script = u"sleep 60 & echo $! > '%1'; wait"_qs.arg(pidFile);
    QProcess *p = start(base() << u"--exec"_qs << u"--"_qs << u"sh"_qs << u"-c"_qs << script);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pidFile) && !readAll(pidFile).isEmpty(), 20000);
    const pid_t child = pid_t(readAll(pidFile).trimmed().toInt());
    QVERIFY(readAll(m_hosts).contains("web.local"));
    ::kill(pid_t(p->processId()), SIGTERM);
    QSignalSpy finished(p, &QProcess::finished);
    QVERIFY(finished.wait(15000));
    const QByteArray out = p->readAll();
    QCOMPARE(p->exitCode(), 143);
    QCOMPARE(readAll(m_hosts), original);
    QTRY_VERIFY_WITH_TIMEOUT(::kill(child, 0) != 0, 5000); // the background sleep is gone
    QVERIFY2(!out.contains("Destroyed while process"), out.constData());
}

void TestHeadless::execLeavesNoProcessBehind()
{
    const QString pidFile = m_dir->filePath(u"child.pid"_qs);
    const QString script = u"sleep 60 & echo $! > '%1'; exit 3"_qs.arg(pidFile);
    QByteArray out;
    QCOMPARE(run(base() << u"--exec"_qs << u"--"_qs << u"sh"_qs << u"-c"_qs << script, &out), 3);
    const pid_t child = pid_t(readAll(pidFile).trimmed().toInt());
    QVERIFY(child > 0);
    QTRY_VERIFY_WITH_TIMEOUT(::kill(child, 0) != 0, 5000);
    QCOMPARE(readAll(m_hosts), original);
}

void TestHeadless::readyFileIsOursAndOnlyWhileWeRun()
{
    const QString ready = m_dir->filePath(u"ready"_qs);
    writeAll(ready, "4242\n"); // left by an earlier run
    m_server->stopListening();
    QProcess *p = start(base() << u"--ready-file"_qs << ready);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(ready), 10000); // stale: removed at start
    QVERIFY(m_server->listen());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 40000);
    QCOMPARE(readAll(ready).trimmed().toLongLong(), p->processId());
    ::kill(pid_t(p->processId()), SIGTERM);
    QSignalSpy finished(p, &QProcess::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(p->exitCode(), 0);
    QVERIFY(!QFile::exists(ready)); // ours: removed at exit
}

void TestHeadless::cleanupRefusesWhileAnInstanceRuns()
{
    const QString ready = m_dir->filePath(u"ready"_qs);
    QProcess *daemon = start(base() << u"--ready-file"_qs << ready);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 20000);
    const QStringList cleanup = {u"--no-gui"_qs, u"--cleanup"_qs, u"--hosts-file"_qs, m_hosts};
    QByteArray out;
    QCOMPARE(run(cleanup, &out), 3);
    QVERIFY2(out.contains(QByteArray::number(daemon->processId())) && out.contains("--force"),
             out.constData());
    QVERIFY(readAll(m_hosts).contains("web.local"));
    QCOMPARE(run(QStringList(cleanup) << u"--force"_qs, &out), 0);
    QVERIFY(!readAll(m_hosts).contains("web.local"));
}

void TestHeadless::helpNamesTheProgram()
{
    QProcess p;
    p.start(QStringLiteral(K8S_HOSTS_BIN), {u"--help"_qs});
    QVERIFY(p.waitForFinished(10000));
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY2(out.startsWith("Usage: k8s-hosts [options]"), out.constData());
    QVERIFY(!out.contains("<executable_name>"));
    QByteArray typo;
    QCOMPARE(run({u"--no-gui"_qs, u"--hostsfile"_qs, m_hosts}, &typo), 2);
    QVERIFY2(typo.contains("Did you mean --hosts-file?"), typo.constData());
}

// Every line is JSON, the final error too, with the facts as fields.
void TestHeadless::jsonLogsAreJsonToTheLastLine()
{
    QByteArray out;
    QCOMPARE(run(base() << u"--once"_qs << u"--log-format"_qs << u"json"_qs, &out), 0);
    QList<QJsonObject> lines;
    for (const QByteArray &line : out.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        lines.append(QJsonDocument::fromJson(line, &error).object());
        QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
    }
    const auto added = std::find_if(lines.cbegin(), lines.cend(), [](const QJsonObject &o) {
        return o.value(u"event").toString() == u"added" &&
               o.value(u"host").toString() == u"web.local";
    });
    QVERIFY2(added != lines.cend(), out.constData());
    QCOMPARE(added->value(u"ip").toString(), u"172.18.0.10"_qs);
    QCOMPARE(added->value(u"source").toString(), u"fake-apiserver/team-a/Ingress/web"_qs);
    QCOMPARE(added->value(u"context").toString(), u"fake-apiserver"_qs);
    const bool notWritten = std::any_of(lines.cbegin(), lines.cend(), [](const QJsonObject &o) {
        return o.value(u"event").toString() == u"not-written" &&
               o.value(u"host").toString() == u"*.w.local" &&
               !o.value(u"reason").toString().isEmpty();
    });
    QVERIFY2(notWritten, out.constData());

    QFile::remove(m_hosts);
    QVERIFY(QDir().mkdir(m_hosts));
    QCOMPARE(run(base() << u"--once"_qs << u"--log-format"_qs << u"json"_qs, &out), 1);
    const QByteArray last = out.trimmed().split('\n').last();
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(last, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, last.constData());
    QCOMPARE(o.value(u"level").toString(), u"error"_qs);
    QCOMPARE(o.value(u"event").toString(), u"error"_qs);
    QVERIFY(o.value(u"reason").toString().contains(u"is a directory"_qs));
}

void TestHeadless::dryRunDoesNotClaimToWrite()
{
    QByteArray out;
    QProcess *p = start(base() << u"--dry-run"_qs);
    QSignalSpy finished(p, &QProcess::finished);
    QVERIFY(finished.wait(20000));
    const QByteArray log = p->readAllStandardError() + p->readAll();
    QVERIFY2(!log.contains("in sync"), log.constData());
    QVERIFY2(log.contains("dry run: would write 3 entries") && log.contains("nothing was written"),
             log.constData());
}

void TestHeadless::execPluginAsRootFromSomeoneElsesKubeconfigIsNamed()
{
    if (::geteuid() != 0)
        QSKIP("needs root: the warning is about running plugins as root");
    writeAll(m_kubeconfig,
             "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: '" +
                 m_server->url().toString().toUtf8() +
                 "'}\nusers:\n- name: u\n  user:\n    exec: {apiVersion: "
                 "client.authentication.k8s.io/v1, command: /bin/false, interactiveMode: Never}\n"
                 "contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n");
    QCOMPARE(::chown(QFile::encodeName(m_kubeconfig).constData(), 65534, 65534), 0);
    QByteArray out;
    run(base() << u"--once"_qs, &out);
    QVERIFY2(out.contains("runs the exec plugin /bin/false as root, from a kubeconfig root does "
                          "not own") &&
                 out.contains("(uid 65534)") && !out.contains("sudo -E"),
             out.constData());
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
