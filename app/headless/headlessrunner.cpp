#include "app/headless/headlessrunner.h"

#include "app/demo/democluster.h"
#include "app/exitcodes.h"
#include "app/headless/dryrunsink.h"
#include "app/headless/instancelock.h"
#include "app/headless/unixsignals.h"
#include "core/hosts/hostsblock.h"
#include "core/sink/directsink.h"
#include "core/sync/contextconnection.h"
#include "core/sync/workspace.h"
#ifdef K8S_HOSTS_WITH_XPC
#include "core/sink/macos/xpchelpersink.h"
#endif
#ifdef K8S_HOSTS_WITH_DBUS
#include "core/sink/helpersink.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#endif

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QLoggingCategory>
#include <QTextStream>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcHeadless, "k8shosts.headless", QtInfoMsg)

namespace {

bool canWriteDirectly(const QString &hostsFile)
{
    const QFileInfo file(hostsFile);
    const QFileInfo dir(file.exists() ? QFileInfo(file.canonicalFilePath()).absolutePath()
                                      : file.absolutePath());
    const QByteArray dirName = QFile::encodeName(dir.absoluteFilePath());
    const bool dirWritable = ::access(dirName.constData(), W_OK) == 0;
    if (!file.exists())
        return dirWritable;
    return ::access(QFile::encodeName(file.absoluteFilePath()).constData(), W_OK) == 0 &&
           dirWritable;
}

#ifdef K8S_HOSTS_WITH_DBUS
bool helperInstalled()
{
    QDBusConnection bus = QDBusConnection::systemBus();
    if (!bus.isConnected() || !bus.interface())
        return false;
    const QString name = QStringLiteral("io.github.k8shosts.Helper");
    if (bus.interface()->isServiceRegistered(name))
        return true;
    const QDBusReply<QStringList> activatable = bus.interface()->activatableServiceNames();
    return activatable.isValid() && activatable.value().contains(name);
}
#endif

void printError(const QString &text)
{
    QTextStream(stderr) << "k8s-hosts: " << text << Qt::endl;
}

} // namespace

HeadlessRunner::HeadlessRunner(CommandLine commandLine, QObject *parent)
    : QObject(parent)
    , m_cl(std::move(commandLine))
    , m_marker(m_cl.marker.isEmpty() ? HostsBlock::defaultMarker() : m_cl.marker)
{
    m_waitTimeout.setSingleShot(true);
    connect(&m_waitTimeout, &QTimer::timeout, this, &HeadlessRunner::onWaitTimeout);
    connect(new UnixSignals(this), &UnixSignals::received, this, &HeadlessRunner::onSignal);
}

HeadlessRunner::~HeadlessRunner() = default;

int HeadlessRunner::start()
{
    if (!m_cl.demo)
        return startSyncing();
    // The demo's cluster must be up before anything connects to it.
    m_demo = new DemoCluster(this);
    if (!m_cl.hostsFileGiven)
        m_cl.hostsFile = DemoCluster::hostsFilePath();
    m_cl.kubeconfig = m_demo->kubeconfigPath();
    m_cl.contexts = {DemoCluster::contextName()};
    connect(m_demo, &DemoCluster::failed, this, [this](const QString &error) {
        printError(error);
        finish(ExitRuntimeError);
    });
    connect(m_demo, &DemoCluster::ready, this, [this](const QString &url) {
        qCInfo(lcHeadless).noquote() << "demo cluster at" << url << "- hosts file" << m_cl.hostsFile
                                     << "(watch it: tail -F or cat it now and then)";
        if (const int code = startSyncing(); code >= 0)
            finish(code);
    });
    m_demo->start();
    return -1;
}

int HeadlessRunner::startSyncing()
{
    if (!m_cl.dryRun) {
        m_lock = std::make_unique<InstanceLock>(m_cl.hostsFile, m_marker);
        QString error;
        if (!m_lock->tryLock(&error)) {
            if (m_cl.exec && m_lock->ownerPid() > 0) {
                qCInfo(lcHeadless).noquote() << error << "- running the command with its entries";
                waitForOtherInstance();
                return -1;
            }
            printError(error + u"; stop it first, or use --exec to run a command alongside it"_qs);
            return ExitAlreadyRunning;
        }
    }
    QString error;
    m_sink = chooseSink(m_marker, &error);
    if (!m_sink) {
        printError(error);
        return ExitRuntimeError;
    }

    Workspace::Options options;
    options.kubeconfig = KubeconfigSources::fromEnvironment(m_cl.kubeconfig);
    options.sources = m_cl.sources;
    options.engine.marker = m_marker;
    options.engine.hostsFile = m_cl.hostsFile;
    options.engine.policy =
        NamePolicy::load(NamePolicy::systemPath(), false, &error).value_or(NamePolicy());
    if (qobject_cast<DirectSink *>(m_sink) || qobject_cast<DryRunSink *>(m_sink)) {
        for (const QString &domain : std::as_const(m_cl.allowDomains))
            options.engine.policy.allowDomain(domain);
        if (m_cl.allowPublicIps)
            options.engine.policy.setAllowPublicAddresses(true);
    } else if (!m_cl.allowDomains.isEmpty() || m_cl.allowPublicIps) {
        qCWarning(lcHeadless)
            << "--allow-domain and --allow-public-ips apply only when k8s-hosts writes the file "
               "itself; the helper obeys"
            << NamePolicy::systemPath();
    }
    options.useKeychain = false; // CI: no desktop keyring; exec plugins simply run again
    m_workspace = new Workspace(m_sink, options, this);
    if (!m_workspace->load(&error)) {
        printError(error);
        return ExitRuntimeError;
    }
    if (const int code = enableContexts(); code >= 0)
        return code;

    SyncEngine *engine = m_workspace->engine();
    connect(engine, &SyncEngine::settled, this, &HeadlessRunner::onSettled);
    connect(engine, &SyncEngine::writeFailed, this, [this](const QString &e) {
        if (m_cl.once || m_cl.dryRun)
            qCWarning(lcHeadless).noquote() << e;
    });
    if (m_cl.waitTimeoutSeconds > 0)
        m_waitTimeout.start(m_cl.waitTimeoutSeconds * 1000);
    return -1;
}

HostsSink *HeadlessRunner::chooseSink(const QString &, QString *error)
{
    if (m_cl.dryRun)
        return new DryRunSink(this);
    if (canWriteDirectly(m_cl.hostsFile)) {
        NamePolicy policy =
            NamePolicy::load(NamePolicy::systemPath(), false, nullptr).value_or(NamePolicy());
        for (const QString &domain : std::as_const(m_cl.allowDomains))
            policy.allowDomain(domain);
        policy.setAllowPublicAddresses(policy.allowsPublicAddresses() || m_cl.allowPublicIps);
        return new DirectSink(m_cl.hostsFile,
                              EntryValidator(policy, ReservedNames::forThisMachine()), this);
    }
#ifdef K8S_HOSTS_WITH_DBUS
    if (QFileInfo(m_cl.hostsFile).absoluteFilePath() == u"/etc/hosts" && helperInstalled()) {
        auto *sink = new HelperSink(QDBusConnection::systemBus(), this);
        sink->setKeepOnDisconnect(m_cl.once); // --once leaves the entries in place
        return sink;
    }
#endif
#ifdef K8S_HOSTS_WITH_XPC
    // macOS: the helper over XPC; its errors say how to install or approve it.
    if (QFileInfo(m_cl.hostsFile).absoluteFilePath() == u"/etc/hosts") {
        auto *sink = new XpcHelperSink(this);
        sink->setKeepOnDisconnect(m_cl.once);
        return sink;
    }
#endif
    *error =
        u"cannot write %1: run k8s-hosts as root (sudo -E k8s-hosts …, -E keeps KUBECONFIG), "
        "install the k8s-hosts helper (the .deb does), or use --hosts-file with a file you can write"_qs
            .arg(m_cl.hostsFile);
    return nullptr;
}

int HeadlessRunner::enableContexts()
{
    QStringList names = m_cl.contexts;
    if (names.isEmpty()) {
        if (m_workspace->currentContext().isEmpty()) {
            printError(
                u"the kubeconfig has no current context; pass --context NAME (see --list-contexts)"_qs);
            return ExitRuntimeError;
        }
        names = {m_workspace->currentContext()};
    }
    QStringList known;
    for (const ContextConfig &c : m_workspace->contexts())
        known.append(c.name);
    for (const QString &name : std::as_const(names)) {
        if (!known.contains(name)) {
            printError(u"no context \"%1\" in the kubeconfig (known: %2)"_qs.arg(
                name, known.join(u", "_qs)));
            return ExitUsage;
        }
    }
    for (const QString &name : std::as_const(names)) {
        m_workspace->enableContext(name, {m_cl.namespaces, {}});
        ContextConnection *connection = m_workspace->connection(name);
        if (!connection)
            continue;
        connect(connection, &ContextConnection::errorChanged, this, [](const QString &error) {
            if (!error.isEmpty())
                qCWarning(lcHeadless).noquote() << error;
        });
        connect(connection->session(), &ContextSession::statusChanged, this,
                [name](ContextSession::Status status, const QString &message) {
                    if (status == ContextSession::Status::Degraded)
                        qCWarning(lcHeadless).noquote() << name + u": "_qs + message;
                    else
                        qCDebug(lcHeadless).noquote() << name + u": "_qs + message;
                });
    }
    return -1;
}

void HeadlessRunner::onSettled()
{
    if (m_settledOnce || m_stopping)
        return;
    m_settledOnce = true;
    m_waitTimeout.stop();
    const SyncEngine *engine = m_workspace->engine();
    qCInfo(lcHeadless).noquote() << u"in sync: %1 entries in %2 (%3)"_qs
                                        .arg(engine->entries().size())
                                        .arg(m_cl.hostsFile, m_marker);
    for (const HostMapping &m : engine->mappings()) {
        if (m.state != MappingState::Active)
            qCInfo(lcHeadless).noquote()
                << u"not written: %1 from %2: %3"_qs.arg(m.host, m.source.toString(), m.reason);
    }
    if (m_lock)
        m_lock->markReady();
    if (!m_cl.readyFile.isEmpty()) {
        QFile ready(m_cl.readyFile);
        if (!ready.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qCWarning(lcHeadless).noquote()
                << "cannot create the ready file" << m_cl.readyFile << ready.errorString();
        else
            ready.write(QByteArray::number(qint64(::getpid())) + '\n');
    }
    if (m_cl.dryRun) {
        QTextStream(stdout) << HostsBlock::render(m_marker, engine->entries());
        finish(ExitOk);
    } else if (m_cl.once) {
        finish(ExitOk);
    } else if (m_cl.exec) {
        runCommand();
    }
}

void HeadlessRunner::onWaitTimeout()
{
    const QStringList pending =
        m_workspace ? m_workspace->engine()->notReady() : QStringList{u"the cluster"_qs};
    QStringList errors;
    for (const QString &name : m_workspace ? m_workspace->enabledContexts() : QStringList{}) {
        if (ContextConnection *c = m_workspace->connection(name); c && !c->error().isEmpty())
            errors.append(c->error());
        else if (c && c->session()->status() == ContextSession::Status::Degraded)
            errors.append(name + u": "_qs + c->session()->statusMessage());
    }
    printError(u"not in sync after %1 s; still waiting for: %2%3"_qs.arg(m_cl.waitTimeoutSeconds)
                   .arg(pending.join(u"; "_qs),
                        errors.isEmpty() ? QString() : u" ("_qs + errors.join(u"; "_qs) + u')'));
    m_stopping = true;
    clearAndExit(ExitNotReady);
}

void HeadlessRunner::runCommand()
{
    m_command = new QProcess(this);
    m_command->setProcessChannelMode(QProcess::ForwardedChannels);
    m_command->setInputChannelMode(QProcess::ForwardedInputChannel);
    connect(m_command, &QProcess::finished, this, &HeadlessRunner::onCommandFinished);
    connect(m_command, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        printError(u"cannot run %1: %2"_qs.arg(m_cl.command.first(), m_command->errorString()));
        m_stopping = true;
        if (m_lock)
            clearAndExit(ExitCommandNotFound);
        else
            finish(ExitCommandNotFound);
    });
    qCInfo(lcHeadless).noquote() << "running" << m_cl.command.join(u' ');
    m_command->start(m_cl.command.first(), m_cl.command.mid(1));
}

void HeadlessRunner::onCommandFinished(int exitCode, QProcess::ExitStatus status)
{
    const int code = status == QProcess::NormalExit ? exitCode : ExitRuntimeError;
    qCInfo(lcHeadless).noquote() << u"%1 exited with %2"_qs.arg(m_cl.command.first()).arg(code);
    m_stopping = true;
    if (m_lock)
        clearAndExit(code); // ours: remove the entries we put in place for it
    else
        finish(code); // another instance's entries: not ours to remove
}

void HeadlessRunner::waitForOtherInstance()
{
    if (m_lock->ownerReady()) {
        runCommand();
        m_lock.reset(); // not ours
        return;
    }
    m_otherInstance = new QFileSystemWatcher({m_lock->path()}, this);
    connect(m_otherInstance, &QFileSystemWatcher::fileChanged, this, [this] {
        if (m_lock && m_lock->ownerReady()) {
            m_otherInstance->deleteLater();
            m_lock.reset();
            runCommand();
        }
    });
    if (m_cl.waitTimeoutSeconds > 0)
        m_waitTimeout.start(m_cl.waitTimeoutSeconds * 1000);
}

void HeadlessRunner::onSignal(int signal)
{
    if (m_stopping) {
        qCWarning(lcHeadless) << "second signal: exiting without cleanup";
        QCoreApplication::exit(ExitRuntimeError);
        return;
    }
    m_stopping = true;
    qCInfo(lcHeadless).noquote() << u"signal %1: removing our entries"_qs.arg(signal);
    if (m_command && m_command->state() != QProcess::NotRunning) {
        m_command->disconnect(this);
        m_command->terminate();
    }
    if (m_lock && m_workspace && !m_cl.dryRun)
        clearAndExit(ExitOk);
    else
        finish(ExitOk);
}

void HeadlessRunner::clearAndExit(int code)
{
    m_exitCode = code;
    if (!m_workspace || m_cl.dryRun || m_cl.once) {
        finish(code);
        return;
    }
    SyncEngine *engine = m_workspace->engine();
    engine->setPaused(true);
    connect(engine, &SyncEngine::cleared, this, [this](bool ok, const QString &error) {
        if (!ok)
            printError(u"could not remove the entries: "_qs + error);
        finish(ok ? m_exitCode : ExitRuntimeError);
    });
    engine->clearBlock();
}

void HeadlessRunner::finish(int code)
{
    QCoreApplication::exit(code);
}
