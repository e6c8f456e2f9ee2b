#include "app/headless/headlessrunner.h"

#include "app/demo/democluster.h"
#include "app/exitcodes.h"
#include "app/headless/commandrunner.h"
#include "app/headless/instancelock.h"
#include "app/headless/logoutput.h"
#include "app/headless/readyfile.h"
#include "app/headless/startupwatch.h"
#include "app/headless/unixsignals.h"
#include "core/hosts/hostsblock.h"
#include "core/log/logevent.h"
#include "core/sink/publisher.h"
#include "core/sync/contextconnection.h"
#include "core/sync/publishchannel.h"
#include "core/sync/publishersetup.h"
#include "core/sync/workspace.h"
#include "core/webhook/webhookservice.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QLoggingCategory>
#include <QTextStream>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcHeadless, "k8shosts.headless", QtInfoMsg)

namespace {

// How often a run still waiting for its first full sync says what it waits for.
int progressIntervalMs()
{
    bool ok = false;
    const int seconds = qEnvironmentVariableIntValue("K8S_HOSTS_PROGRESS_SECONDS", &ok);
    return (ok && seconds > 0 ? seconds : 30) * 1000;
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
        if (m_stopping)
            return; // we are stopping it
        reportError(error);
        withdrawAndExit(ExitRuntimeError);
    });
    connect(m_demo, &DemoCluster::ready, this, [this](const QString &url) {
        if (m_stopping)
            return;
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
    m_ready = std::make_unique<ReadyFile>(m_cl.readyFile);
    QString error;
    if (!m_ready->removeStale(&error)) {
        reportError(error);
        return ExitRuntimeError;
    }
    if (!m_cl.dryRun) {
        m_lock = std::make_unique<InstanceLock>(m_cl.hostsFile, m_marker);
        if (!m_lock->tryLock(&error)) {
            if (m_cl.exec && m_lock->ownerPid() > 0) {
                qCInfo(lcHeadless).noquote() << error << "- running the command with its entries";
                waitForOtherInstance();
                return -1;
            }
            reportError(error + u"; stop it first, or use --exec to run a command alongside it"_qs);
            return ExitAlreadyRunning;
        }
    }
    if (const int code = createWorkspace(); code >= 0)
        return code;
    if (const int code = startWebhook(); code >= 0)
        return code;
    if (const int code = enableContexts(); code >= 0)
        return code;

    SyncEngine *engine = m_workspace->engine();
    connect(engine, &SyncEngine::settled, this, &HeadlessRunner::onSettled);
    m_startup = new StartupWatch(m_workspace, progressIntervalMs(), this);
    connect(m_startup, &StartupWatch::permanentFailure, this, &HeadlessRunner::onPermanentFailure);
    if (m_cl.waitTimeoutSeconds > 0)
        m_waitTimeout.start(m_cl.waitTimeoutSeconds * 1000);
    m_startup->start(); // what failed while enabling the contexts stops the run now
    return -1;
}

int HeadlessRunner::createWorkspace()
{
    PublisherSetup::Options outputs;
    outputs.hostsFile = m_cl.hostsFile;
    outputs.marker = m_marker;
    outputs.dryRun = m_cl.dryRun;
    outputs.allowDomains = m_cl.allowDomains;
    outputs.allowPublicIps = m_cl.allowPublicIps;
    outputs.keepOnDisconnect = m_cl.once; // --once leaves the entries in place
    outputs.requireHelper = true;         // say now, before watching anything
    outputs.publishHosts = m_cl.publishHosts;
    outputs.dns = m_cl.dns;
    outputs.publishMdns = m_cl.publishMdns;
    outputs.resolver = m_cl.resolver;
    PublisherSetup setup = PublisherSetup::build(outputs);
    if (!setup.error.isEmpty()) {
        qDeleteAll(setup.publishers);
        reportError(setup.error);
        return ExitRuntimeError;
    }
    for (const QString &warning : std::as_const(setup.warnings))
        qCWarning(lcHeadless).noquote() << warning;

    Workspace::Options options;
    options.kubeconfig = KubeconfigSources::fromEnvironment(m_cl.kubeconfig);
    options.sources = m_cl.sources;
    options.engine.marker = m_marker;
    options.engine.hostsFile = m_cl.hostsFile;
    options.engine.policy = setup.policy;
    options.useKeychain = false; // CI: no desktop keyring; exec plugins simply run again
    m_workspace = new Workspace(setup.publishers, options, this);
    // Only ExternalDNS's names: a kubeconfig is not needed.
    if (QString error; !m_workspace->load(&error) && !webhookOnly()) {
        reportError(error);
        return ExitRuntimeError;
    }
    return -1;
}

// --webhook-listen: ExternalDNS's names, merged as one more context per listen address.
int HeadlessRunner::startWebhook()
{
    if (!m_cl.webhook.enabled())
        return -1;
    m_webhook = new WebhookService(m_cl.webhook, this);
    if (QString error; !m_webhook->start(&error)) {
        reportError(error);
        return ExitRuntimeError;
    }
    for (MappingSource *source : m_webhook->sources())
        m_workspace->engine()->addSource(source);
    return -1;
}

int HeadlessRunner::enableContexts()
{
    if (webhookOnly()) {
        qCInfo(lcHeadless) << "no --context given: publishing only ExternalDNS's names";
        return -1;
    }
    QStringList names = m_cl.contexts;
    if (names.isEmpty()) {
        if (m_workspace->contexts().isEmpty()) {
            reportError(
                u"no kubeconfig to read: %1; pass --kubeconfig PATH, set KUBECONFIG, "
                "or try k8s-hosts --demo"_qs.arg(
                    KubeconfigSources::fromEnvironment(m_cl.kubeconfig).files().join(u", "_qs) +
                    u" has no contexts"_qs));
            return ExitRuntimeError;
        }
        if (m_workspace->currentContext().isEmpty()) {
            reportError(
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
            reportError(u"no context \"%1\" in the kubeconfig (known: %2)"_qs.arg(
                name, known.join(u", "_qs)));
            return ExitUsage;
        }
    }
    // Every context's errors and state changes are logged, also after a reconnect.
    const auto follow = [this](const QString &name) {
        ContextConnection *connection = m_workspace->connection(name);
        if (!connection)
            return;
        connect(connection, &ContextConnection::errorChanged, this, [name](const QString &e) {
            if (!e.isEmpty())
                logEvent(lcHeadless(), QtWarningMsg, e,
                         {u"context-failed"_qs, {}, {}, {}, name, e, {}});
        });
        connect(connection->session(), &ContextSession::statusChanged, this,
                [name](ContextSession::Status status, const QString &message) {
                    const bool bad = status == ContextSession::Status::Degraded ||
                                     status == ContextSession::Status::Failed;
                    logEvent(lcHeadless(), bad ? QtWarningMsg : QtDebugMsg,
                             name + u": "_qs + message,
                             {bad ? u"context-degraded"_qs : u"context-status"_qs,
                              {},
                              {},
                              {},
                              name,
                              bad ? message : QString(),
                              {}});
                });
    };
    connect(m_workspace, &Workspace::connectionChanged, this, follow);
    for (const QString &name : std::as_const(names)) {
        m_workspace->enableContext(name, {m_cl.namespaces, {}});
        follow(name);
    }
    warnAboutPluginsAsRoot(names);
    return -1;
}

// As root, an exec plugin named by a kubeconfig someone else can edit runs their code as
// root. Say so (sudo -E is how CI scripts get there); the helper avoids it altogether.
void HeadlessRunner::warnAboutPluginsAsRoot(const QStringList &contexts)
{
    if (::geteuid() != 0)
        return;
    QStringList foreign;
    for (const QString &file : KubeconfigSources::fromEnvironment(m_cl.kubeconfig).files()) {
        const QFileInfo info(file);
        if (info.exists() && info.ownerId() != 0)
            foreign.append(u"%1 (uid %2)"_qs.arg(file).arg(info.ownerId()));
    }
    if (foreign.isEmpty())
        return;
    for (const QString &name : contexts) {
        const ContextConnection *c = m_workspace->connection(name);
        if (!c || !c->config().user.exec.isSet())
            continue;
        qCWarning(lcHeadless).noquote()
            << u"context %1 runs the exec plugin %2 as root, from a kubeconfig root does not own: "
               "%3; whoever can edit it runs code as root. Run k8s-hosts as that user with the "
               "k8s-hosts helper instead of sudo"_qs.arg(name, c->config().user.exec.command,
                                                         foreign.join(u", "_qs));
    }
}

void HeadlessRunner::onSettled()
{
    if (m_settledOnce || m_stopping)
        return;
    m_settledOnce = true;
    m_waitTimeout.stop();
    m_startup->stop();
    summarize();
    if (m_lock)
        m_lock->markReady();
    if (QString error; !m_ready->create(&error))
        qCWarning(lcHeadless).noquote() << error;
    if (m_cl.dryRun) {
        printDryRun();
        finish(ExitOk);
    } else if (m_cl.once) {
        finish(ExitOk);
    } else if (m_cl.exec) {
        runCommand();
    }
}

// --dry-run: the block as it would be written, then what every other publisher would be
// asked to hold (the local resolver's wildcards among it), as comments.
void HeadlessRunner::printDryRun() const
{
    QTextStream out(stdout);
    const SyncEngine *engine = m_workspace->engine();
    if (m_cl.publishHosts)
        out << HostsBlock::render(m_marker, engine->primary()->desired());
    for (const PublishChannel *channel : engine->channels()) {
        if (m_cl.publishHosts && channel == engine->primary())
            continue;
        const HostEntries asked = channel->desired();
        out << "# " << channel->state().name << " (" << channel->publisher()->target()
            << ") would be asked to hold " << asked.size() << " entries:\n";
        for (const HostEntry &e : asked)
            out << "#   " << e.host << ' ' << e.ip << '\n';
    }
}

// The first full sync, as the publishers report it: what each target holds now, every name
// that is not there and why, and the namespaces asked for that do not exist.
void HeadlessRunner::summarize()
{
    const SyncEngine *engine = m_workspace->engine();
    int notWritten = 0;
    const auto notPublished = [&](const HostMapping &m, const QString &reason,
                                  const PublisherState &state) {
        ++notWritten;
        const QString where = state.name == u"hosts file" ? QString() : u" (%1)"_qs.arg(state.name);
        logEvent(
            lcHeadless(), QtInfoMsg,
            u"not written%1: %2 from %3: %4"_qs.arg(where, m.host, m.source.toString(), reason),
            {u"not-written"_qs, m.host, m.address, m.source.toString(), m.source.context, reason,
             state.name});
    };
    for (const HostMapping &m : engine->mappings()) {
        if (m.state != MappingState::Active) {
            notPublished(m, m.reason, engine->primary()->state());
            continue;
        }
        for (const PublishChannel *channel : engine->channels()) {
            const EntryOutcome outcome = channel->state().outcomeOf(m.host, m.address);
            if (outcome.state == EntryOutcome::State::Refused)
                notPublished(m, outcome.reason, channel->state());
        }
    }
    QStringList missing;
    for (const QString &name : m_workspace->enabledContexts()) {
        const ContextConnection *c = m_workspace->connection(name);
        if (!c)
            continue;
        const QStringList absent = c->session()->missingNamespaces();
        for (const QString &ns : absent)
            missing.append(ns);
        if (!absent.isEmpty())
            logEvent(lcHeadless(), QtWarningMsg,
                     u"context %1 has no namespace named %2 (it has %3 namespaces; kubectl get "
                     "namespaces lists them)"_qs.arg(name, absent.join(u", "_qs))
                         .arg(c->session()->namespaces().size()),
                     {u"missing-namespace"_qs, {}, {}, {}, name, absent.join(u", "_qs), {}});
        for (const QString &scope : c->session()->forbiddenScopes())
            logEvent(lcHeadless(), QtWarningMsg, u"context %1: %2"_qs.arg(name, scope),
                     {u"forbidden"_qs, {}, {}, {}, name, scope, {}});
    }
    QStringList notes;
    if (notWritten > 0)
        notes.append(u"%1 not written (see above)"_qs.arg(notWritten));
    if (!missing.isEmpty())
        notes.append(u"no namespace named %1"_qs.arg(missing.join(u", "_qs)));
    const QString tail = notes.isEmpty() ? QString() : u"; "_qs + notes.join(u"; "_qs);
    for (const PublishChannel *channel : engine->channels())
        logInSync(channel, tail);
}

void HeadlessRunner::logInSync(const PublishChannel *channel, const QString &tail)
{
    const PublisherState &state = channel->state();
    const qsizetype count =
        state.writes ? state.held.value_or(HostEntries{}).size() : channel->desired().size();
    const QString where =
        state.name == u"hosts file" ? u"%1 (%2)"_qs.arg(m_cl.hostsFile, m_marker) : state.target;
    logEvent(
        lcHeadless(), QtInfoMsg,
        state.writes
            ? u"in sync: %1 entries in %2%3"_qs.arg(count).arg(where, tail)
            : u"dry run: would write %1 entries to %2; nothing was written%3"_qs.arg(count).arg(
                  where, tail),
        {state.writes ? u"in-sync"_qs : u"dry-run"_qs, {}, {}, {}, {}, {}, state.name});
}

void HeadlessRunner::onPermanentFailure(const QString &error)
{
    if (m_settledOnce || m_stopping)
        return;
    const PublishChannel *primary = m_workspace ? m_workspace->engine()->primary() : nullptr;
    const bool wrote = primary && primary->state().lastWrite.isValid();
    const QString target = !primary || primary->state().name == u"hosts file"
                               ? m_cl.hostsFile
                               : primary->state().target;
    reportError(error + (wrote ? u"; %1 keeps its last good entries"_qs.arg(target)
                               : u"; %1 was not changed"_qs.arg(target)));
    m_stopping = true;
    finish(ExitRuntimeError);
}

void HeadlessRunner::onWaitTimeout()
{
    const QStringList pending =
        m_startup ? m_startup->awaited() : QStringList{u"the other k8s-hosts"_qs};
    reportError(u"not in sync after %1 s; still waiting for: %2; %3 was left as it was"_qs
                    .arg(m_cl.waitTimeoutSeconds)
                    .arg(pending.join(u"; "_qs), m_cl.hostsFile));
    m_stopping = true;
    finish(ExitNotReady); // a run that never synced does not touch the file
}

void HeadlessRunner::runCommand()
{
    m_command = new CommandRunner(m_cl.command, this);
    connect(m_command, &CommandRunner::finished, this, &HeadlessRunner::onCommandFinished);
    connect(m_command, &CommandRunner::failedToStart, this, [this](const QString &error) {
        reportError(error);
        m_stopping = true;
        if (m_lock)
            withdrawAndExit(ExitCommandNotFound);
        else
            finish(ExitCommandNotFound);
    });
    qCInfo(lcHeadless).noquote() << "running" << m_cl.command.join(u' ');
    m_command->start();
}

void HeadlessRunner::onCommandFinished(int exitCode)
{
    qCInfo(lcHeadless).noquote() << u"%1 exited with %2"_qs.arg(m_cl.command.first()).arg(exitCode);
    m_stopping = true;
    if (m_lock)
        withdrawAndExit(exitCode); // ours: remove the entries we put in place for it
    else
        finish(exitCode); // another instance's entries: not ours to remove
}

void HeadlessRunner::waitForOtherInstance()
{
    if (m_lock->ownerReady()) {
        m_lock.reset(); // not ours
        runCommand();
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
    if (m_command && m_command->isRunning()) {
        if (m_forwarded) { // a second signal while the command stops: no more waiting
            qCWarning(lcHeadless) << "second signal: killing the command";
            m_command->kill();
            return;
        }
        m_forwarded = true;
        m_stopping = true;
        qCInfo(lcHeadless).noquote()
            << u"signal %1: passing it on to %2; our entries go when it ends"_qs.arg(signal).arg(
                   m_cl.command.first());
        m_command->forward(signal);
        return;
    }
    if (m_stopping) {
        qCWarning(lcHeadless) << "second signal: exiting without cleanup";
        QCoreApplication::exit(ExitRuntimeError);
        return;
    }
    m_stopping = true;
    qCInfo(lcHeadless).noquote() << u"signal %1: removing our entries"_qs.arg(signal);
    withdrawAndExit(ExitOk);
}

void HeadlessRunner::withdrawAndExit(int code)
{
    m_exitCode = code;
    SyncEngine *engine = m_workspace ? m_workspace->engine() : nullptr;
    if (!engine || m_cl.dryRun || m_cl.once || !m_lock) {
        finish(code);
        return;
    }
    if (!engine->hasFullySynced()) {
        qCInfo(lcHeadless).noquote()
            << u"never in sync, so %1 keeps what it had"_qs.arg(m_cl.hostsFile);
        finish(code);
        return;
    }
    engine->setPaused(true);
    connect(engine, &SyncEngine::withdrawn, this, [this](bool ok, const QString &error) {
        if (!ok)
            reportError(u"could not remove the entries: "_qs + error);
        finish(ok ? m_exitCode : ExitRuntimeError);
    });
    engine->withdrawAll();
}

void HeadlessRunner::finish(int code)
{
    if (m_ready)
        m_ready->remove();
    // From the event loop: an early failure may come before it runs.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [code] { QCoreApplication::exit(code); },
        Qt::QueuedConnection);
}
