#include "tests/helper/helperfixture.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusServiceWatcher>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr int startTimeoutMs = 20000;
constexpr int callTimeoutMs = 120000;

const char rules[] = R"(// k8s-hosts helper tests; removed when the test ends.
polkit.addRule(function(action, subject) {
    if (action.id.indexOf("io.github.k8shosts.") !== 0)
        return polkit.Result.NOT_HANDLED;
    if (subject.user === "k8shosts-admin")
        return polkit.Result.YES;
    if (subject.user === "k8shosts-user" || subject.user === "k8shosts-user2")
        return action.id === "io.github.k8shosts.manage-hosts" ? polkit.Result.YES
                                                              : polkit.Result.NO;
    if (subject.user === "k8shosts-slow") {
        polkit.spawn(["/bin/sleep", "2"]);
        return action.id === "io.github.k8shosts.manage-hosts" ? polkit.Result.YES
                                                              : polkit.Result.NO;
    }
    return polkit.Result.NOT_HANDLED;
});
)";

// The stock system bus's default-deny policy, our policy file, and polkit's.
QByteArray busConfig(const QString &socket)
{
    return QStringLiteral(
               R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <!-- Stand-ins for systemd and NetworkManager, run by the tests as root. -->
  <policy user="root">
    <allow own="org.freedesktop.systemd1"/>
    <allow own="org.freedesktop.NetworkManager"/>
    <allow own="org.freedesktop.resolve1"/>
    <allow send_destination="org.freedesktop.resolve1"/>
    <allow send_destination="org.freedesktop.systemd1"/>
    <allow send_destination="org.freedesktop.NetworkManager"/>
  </policy>
  <!-- A real systemd-resolved (tst_resolverregistration), as the account it drops to. -->
  <policy user="systemd-resolve">
    <allow own="org.freedesktop.resolve1"/>
  </policy>
  <include>/usr/share/dbus-1/system.d/org.freedesktop.PolicyKit1.conf</include>
  <include>%2/io.github.k8shosts.Helper.conf</include>
</busconfig>
)")
        .arg(socket, QStringLiteral(K8S_HOSTS_RESOURCES_DIR))
        .toUtf8();
}

QString polkitd()
{
    for (const char *path : {"/usr/lib/polkit-1/polkitd", "/usr/libexec/polkitd",
                             "/usr/lib/policykit-1/polkitd", "/usr/libexec/polkit-1/polkitd"}) {
        if (QFile::exists(QString::fromLatin1(path)))
            return QString::fromLatin1(path);
    }
    return {};
}

bool waitForFinished(QProcess *process, int timeoutMs)
{
    if (process->state() == QProcess::NotRunning)
        return true;
    QSignalSpy finished(process, &QProcess::finished);
    return finished.wait(timeoutMs) || process->state() == QProcess::NotRunning;
}

} // namespace

HelperFixture::HelperFixture()
    : m_dir(QDir::tempPath() + QStringLiteral("/k8s-hosts-helper-test-XXXXXX"))
    , m_connectionName(QStringLiteral("helper-fixture-%1").arg(::getpid()))
{}

HelperFixture::~HelperFixture()
{
    stop();
}

uint HelperFixture::uidOf(const QString &account)
{
    const passwd *entry = ::getpwnam(account.toLocal8Bit().constData());
    return entry ? entry->pw_uid : uint(-1);
}

bool HelperFixture::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir.errorString());
        return false;
    }
    // Callers run as other users: they need to reach the bus socket and the caller binary.
    const auto publicDir = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                           QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther;
    QFile::setPermissions(m_dir.path(), publicDir);
    QDir(m_dir.path()).mkpath(QStringLiteral("etc"));
    QFile::setPermissions(m_dir.filePath(QStringLiteral("etc")), publicDir);
    writeHosts("127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n");
    m_callerPath = m_dir.filePath(QStringLiteral("helper-caller"));
    if (!QFile::copy(QStringLiteral(K8S_HOSTS_CALLER_PATH), m_callerPath) ||
        !QFile::setPermissions(m_callerPath, publicDir)) {
        *error = QStringLiteral("cannot copy the caller program to %1").arg(m_callerPath);
        return false;
    }
    for (const QString &account : {userAccount(), adminAccount(), slowAccount(), secondAccount()}) {
        if (!ensureAccount(account, error))
            return false;
    }

    const QString configPath = m_dir.filePath(QStringLiteral("bus.conf"));
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly) ||
        config.write(busConfig(m_dir.filePath(QStringLiteral("bus")))) < 0) {
        *error = QStringLiteral("cannot write %1").arg(configPath);
        return false;
    }
    config.close();
    m_bus = std::make_unique<QProcess>();
    m_bus->setProcessChannelMode(QProcess::SeparateChannels);
    m_bus->start(QStringLiteral("dbus-daemon"),
                 {QStringLiteral("--config-file=") + configPath, QStringLiteral("--nofork"),
                  QStringLiteral("--nopidfile"), QStringLiteral("--print-address=1")});
    QSignalSpy output(m_bus.get(), &QProcess::readyReadStandardOutput);
    const QDeadlineTimer deadline(startTimeoutMs);
    while (!m_bus->canReadLine() && m_bus->state() != QProcess::NotRunning &&
           !deadline.hasExpired())
        output.wait(int(deadline.remainingTime()));
    m_busAddress = QString::fromUtf8(m_bus->readLine()).trimmed();
    if (m_busAddress.isEmpty()) {
        *error = QStringLiteral("dbus-daemon did not start: %1")
                     .arg(QString::fromUtf8(m_bus->readAllStandardError()));
        return false;
    }
    qputenv("DBUS_SYSTEM_BUS_ADDRESS", m_busAddress.toUtf8());
    if (!bus().isConnected()) {
        *error = QStringLiteral("cannot connect to the private bus %1").arg(m_busAddress);
        return false;
    }
    return installPolkitFiles(error) && startPolkit(error) && startHelper(error);
}

void HelperFixture::stop()
{
    stopHelper();
    stopPolkit();
    removePolkitFiles();
    if (!m_busAddress.isEmpty())
        QDBusConnection::disconnectFromBus(m_connectionName);
    stopProcess(m_bus);
    m_busAddress.clear();
}

QDBusConnection HelperFixture::bus() const
{
    return QDBusConnection::connectToBus(m_busAddress, m_connectionName);
}

bool HelperFixture::ensureResolvedAccount(QString *error)
{
    if (!ensureAccount(resolvedAccount(), error))
        return false;
    // dbus-daemon reads account names when it loads its policy: load it again.
    const QDBusMessage reply = bus().call(QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("ReloadConfig")));
    if (reply.type() == QDBusMessage::ReplyMessage)
        return true;
    *error = QStringLiteral("the test bus did not reload its policy: %1").arg(reply.errorMessage());
    return false;
}

bool HelperFixture::ensureAccount(const QString &account, QString *error)
{
    if (uidOf(account) != uint(-1))
        return true;
    QProcess useradd;
    useradd.start(QStringLiteral("useradd"),
                  {QStringLiteral("--system"), QStringLiteral("--no-create-home"),
                   QStringLiteral("--shell"), QStringLiteral("/usr/sbin/nologin"), account});
    waitForFinished(&useradd, startTimeoutMs);
    if (uidOf(account) != uint(-1)) // another test may have created it meanwhile
        return true;
    *error = QStringLiteral("cannot create the test account %1: %2")
                 .arg(account, QString::fromUtf8(useradd.readAllStandardError()));
    return false;
}

bool HelperFixture::installPolkitFiles(QString *error)
{
    // Names of our own, so an installed k8s-hosts and parallel test runs are left alone.
    const QString tag = QStringLiteral("k8s-hosts-test-%1").arg(::getpid());
    m_actionsFile =
        QStringLiteral("/usr/share/polkit-1/actions/io.github.k8shosts.%1.policy").arg(tag);
    m_rulesFile = QStringLiteral("/etc/polkit-1/rules.d/10-%1.rules").arg(tag);
    QFile::remove(m_actionsFile);
    if (!QFile::copy(QStringLiteral(K8S_HOSTS_RESOURCES_DIR "/io.github.k8shosts.policy"),
                     m_actionsFile)) {
        *error = QStringLiteral("cannot install %1").arg(m_actionsFile);
        return false;
    }
    QFile rulesFile(m_rulesFile);
    if (!rulesFile.open(QIODevice::WriteOnly) || rulesFile.write(rules) < 0) {
        *error = QStringLiteral("cannot install %1").arg(m_rulesFile);
        return false;
    }
    const auto readable =
        QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther;
    QFile::setPermissions(m_actionsFile, readable);
    rulesFile.setPermissions(readable);
    return true;
}

void HelperFixture::removePolkitFiles()
{
    if (!m_actionsFile.isEmpty())
        QFile::remove(m_actionsFile);
    if (!m_rulesFile.isEmpty())
        QFile::remove(m_rulesFile);
    m_actionsFile.clear();
    m_rulesFile.clear();
}

bool HelperFixture::startPolkit(QString *error)
{
    const QString program = polkitd();
    if (program.isEmpty()) {
        *error = QStringLiteral("polkitd is not installed (apt-get install polkitd)");
        return false;
    }
    m_polkit = std::make_unique<QProcess>();
    m_polkit->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_polkit->setStandardOutputFile(QProcess::nullDevice());
    // polkitd finds the bus through DBUS_SYSTEM_BUS_ADDRESS, inherited from us.
    m_polkit->start(program, {QStringLiteral("--no-debug")});
    return waitForName(QStringLiteral("org.freedesktop.PolicyKit1"), error);
}

void HelperFixture::stopPolkit()
{
    stopProcess(m_polkit);
}

bool HelperFixture::startHelper(QString *error, int idleTimeoutSeconds)
{
    m_helper = std::make_unique<QProcess>();
    m_helper->setProcessChannelMode(QProcess::SeparateChannels);
    m_helper->setStandardOutputFile(QProcess::nullDevice());
    m_helperLog.clear();
    // unshare execs the helper: the PID is the helper's either way.
    const QStringList wrapper =
        helperInOwnNetwork
            ? QStringList{QStringLiteral("-n"), QStringLiteral(K8S_HOSTS_HELPER_PATH)}
            : QStringList{};
    m_helper->start(
        helperInOwnNetwork ? QStringLiteral("unshare") : QStringLiteral(K8S_HOSTS_HELPER_PATH),
        wrapper + QStringList{QStringLiteral("--hosts-file"), hostsPath(),
                              QStringLiteral("--policy-file"), policyPath(),
                              QStringLiteral("--state-dir"), stateDir(),
                              QStringLiteral("--write-interval"), QString::number(writeIntervalMs),
                              QStringLiteral("--idle-timeout"), QString::number(idleTimeoutSeconds),
                              QStringLiteral("--resolver-root"), resolverRoot()});
    return waitForName(QStringLiteral("io.github.k8shosts.Helper"), error);
}

void HelperFixture::stopHelper()
{
    if (m_helper)
        helperLog();
    stopProcess(m_helper);
}

QString HelperFixture::helperLog()
{
    if (m_helper)
        m_helperLog += m_helper->readAllStandardError();
    return QString::fromUtf8(m_helperLog);
}

bool HelperFixture::helperLogged(const QString &text)
{
    const QDeadlineTimer deadline(startTimeoutMs);
    while (!helperLog().contains(text)) {
        if (!m_helper || deadline.hasExpired())
            return false;
        QSignalSpy output(m_helper.get(), &QProcess::readyReadStandardError);
        if (helperLog().contains(text)) // arrived while the spy was being set up
            return true;
        if (m_helper->state() == QProcess::NotRunning && !output.wait(100))
            return helperLog().contains(text);
        output.wait(int(deadline.remainingTime()));
    }
    return true;
}

bool HelperFixture::waitForName(const QString &name, QString *error)
{
    QDBusServiceWatcher watcher(name, bus(), QDBusServiceWatcher::WatchForRegistration);
    QSignalSpy registered(&watcher, &QDBusServiceWatcher::serviceRegistered);
    const QDeadlineTimer deadline(startTimeoutMs);
    while (!bus().interface()->isServiceRegistered(name) && !deadline.hasExpired()) {
        if (registered.wait(int(deadline.remainingTime())))
            return true;
    }
    if (bus().interface()->isServiceRegistered(name))
        return true;
    *error = QStringLiteral("%1 did not appear on the private bus; helper log: %2")
                 .arg(name, helperLog());
    return false;
}

QByteArray HelperFixture::readHosts() const
{
    QFile file(hostsPath());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void HelperFixture::writeHosts(const QByteArray &content) const
{
    QFile file(hostsPath());
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(content);
}

ino_t HelperFixture::hostsInode() const
{
    struct stat st
    {};
    return ::stat(QFile::encodeName(hostsPath()).constData(), &st) == 0 ? st.st_ino : 0;
}

std::unique_ptr<QProcess> HelperFixture::launchCaller(const QString &account,
                                                      const QJsonObject &request)
{
    auto caller = std::make_unique<QProcess>();
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    environment.insert(QStringLiteral("HOME"), QStringLiteral("/"));
    environment.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), m_busAddress);
    caller->setProcessEnvironment(environment);
    const uint uid = uidOf(account);
    const passwd *entry = ::getpwnam(account.toLocal8Bit().constData());
    // setpriv execs the caller, so the PID we hold is the caller's own.
    caller->start(QStringLiteral("setpriv"),
                  {QStringLiteral("--reuid=%1").arg(uid),
                   QStringLiteral("--regid=%1").arg(entry ? entry->pw_gid : uid),
                   QStringLiteral("--clear-groups"), QStringLiteral("--"), m_callerPath});
    caller->write(QJsonDocument(request).toJson(QJsonDocument::Compact));
    caller->closeWriteChannel();
    return caller;
}

QJsonObject HelperFixture::call(const QString &account, const QJsonObject &request)
{
    auto caller = launchCaller(account, request);
    if (!waitForFinished(caller.get(), callTimeoutMs)) {
        caller->kill();
        waitForFinished(caller.get(), startTimeoutMs);
        return {{QStringLiteral("ok"), false},
                {QStringLiteral("error"), QStringLiteral("caller timed out")}};
    }
    const QJsonObject answer = QJsonDocument::fromJson(caller->readLine()).object();
    if (answer.isEmpty())
        return {{QStringLiteral("ok"), false},
                {QStringLiteral("error"), QStringLiteral("caller failed")},
                {QStringLiteral("message"), QString::fromUtf8(caller->readAllStandardError())}};
    return answer;
}

std::unique_ptr<QProcess> HelperFixture::startStaying(const QString &account, QJsonObject request,
                                                      QJsonObject *answer)
{
    request.insert(QStringLiteral("stay"), true);
    auto caller = launchCaller(account, request);
    QSignalSpy output(caller.get(), &QProcess::readyReadStandardOutput);
    const QDeadlineTimer deadline(callTimeoutMs);
    while (!caller->canReadLine() && caller->state() != QProcess::NotRunning &&
           !deadline.hasExpired())
        output.wait(int(deadline.remainingTime()));
    *answer = QJsonDocument::fromJson(caller->readLine()).object();
    return caller;
}

bool HelperFixture::killAndSettle(QProcess *caller, const QString &uniqueName)
{
    QDBusServiceWatcher watcher(uniqueName, bus(), QDBusServiceWatcher::WatchForUnregistration);
    QSignalSpy gone(&watcher, &QDBusServiceWatcher::serviceUnregistered);
    caller->kill(); // SIGKILL: no chance to say goodbye
    if (!waitForFinished(caller, startTimeoutMs))
        return false;
    if (bus().interface()->isServiceRegistered(uniqueName) && !gone.wait(startTimeoutMs))
        return false;
    // The bus told the helper before it told us; a call the helper answers after this
    // point is answered after it handled that news.
    const QDBusMessage probe =
        bus().call(QDBusMessage::createMethodCall(QStringLiteral("io.github.k8shosts.Helper"),
                                                  QStringLiteral("/io/github/k8shosts/Helper"),
                                                  QStringLiteral("io.github.k8shosts.Helper1"),
                                                  QStringLiteral("GetEntries"))
                       << QStringLiteral("K8S-HOSTS"),
                   QDBus::Block, startTimeoutMs);
    return probe.type() == QDBusMessage::ReplyMessage;
}

void HelperFixture::stopProcess(std::unique_ptr<QProcess> &process)
{
    if (!process)
        return;
    if (process->state() != QProcess::NotRunning) {
        process->terminate(); // SIGTERM to this PID only
        if (!waitForFinished(process.get(), 5000)) {
            process->kill();
            waitForFinished(process.get(), 5000);
        }
    }
    process.reset();
}
