#include "helper/helperconnections.h"

#include "core/sink/flatentries.h"
#include "helper/helperlog.h"
#include "helper/resolverflush.h"

#include <QDir>
#include <QFile>
#include <QProcess>

namespace {

HostsKeeper::Outcome failure(HelperProtocol::Error error, const QString &message)
{
    HostsKeeper::Outcome outcome;
    outcome.error = error;
    outcome.message = message;
    return outcome;
}

QString owner(quint64 connection)
{
    return QString::number(connection);
}

} // namespace

HelperConnections::HelperConnections(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_keeper(m_options.hostsFile, m_options.policyFile, m_options.requireRootOwned)
{
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_options.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &HelperConnections::idleTimerFired);
    restartIdleTimer();
}

QString HelperConnections::version()
{
    return QStringLiteral(K8S_HOSTS_VERSION);
}

void HelperConnections::connectionOpened(quint64 connection)
{
    restartIdleTimer();
    qCDebug(lcHelper) << "connection" << connection << "opened";
}

void HelperConnections::connectionClosed(quint64 connection)
{
    restartIdleTimer();
    const QList<LeaseBook::Lease> ended = m_leases.takeOwner(owner(connection));
    for (const LeaseBook::Lease &lease : ended) {
        qCInfo(lcHelper) << "lease on" << lease.marker << "expired: connection" << connection
                         << "closed";
        const HostsKeeper::Outcome outcome =
            m_keeper.clear(lease.uid, lease.marker, QStringLiteral("caller-disconnected"));
        if (!outcome.ok()) {
            qCWarning(lcHelper).noquote() << "could not remove the block" << lease.marker
                                          << "after its caller left:" << outcome.message;
            continue;
        }
        changed(outcome.changed);
    }
}

HostsKeeper::Outcome HelperConnections::setEntries(quint64 connection, uint uid,
                                                   const QString &marker, qsizetype fieldCount,
                                                   const QStringList &fields, bool keepOnDisconnect)
{
    restartIdleTimer();
    const FlatEntries::Decoded decoded = FlatEntries::decode(fieldCount, fields);
    if (!decoded.ok()) {
        if (const HostsKeeper::Outcome bad = HostsKeeper::checkMarker(marker); !bad.ok())
            return bad;
        return failure(HelperProtocol::Error::InvalidArgument, decoded.error);
    }
    HostsKeeper::Outcome refusal;
    const std::optional<EntryValidator> rules =
        m_keeper.checkEntries(marker, decoded.entries, decoded.overflow, &refusal);
    if (!rules)
        return refusal;
    // The code signature is the authorization on macOS: it was checked for this connection.
    const HostsKeeper::Outcome outcome = m_keeper.apply(uid, marker, decoded.entries, *rules);
    if (!outcome.ok())
        return outcome;
    if (keepOnDisconnect)
        m_leases.release(marker);
    else
        m_leases.hold(marker, owner(connection), uid);
    changed(outcome.changed);
    return outcome;
}

HostsKeeper::Outcome HelperConnections::clear(quint64 connection, uint uid, const QString &marker)
{
    restartIdleTimer();
    if (const HostsKeeper::Outcome bad = HostsKeeper::checkMarker(marker); !bad.ok())
        return bad;
    const HostsKeeper::Outcome outcome = m_keeper.clear(uid, marker, QStringLiteral("Clear"));
    if (!outcome.ok())
        return outcome;
    m_leases.release(marker);
    qCDebug(lcHelper) << "connection" << connection << "cleared" << marker;
    changed(outcome.changed);
    return outcome;
}

HostsKeeper::Outcome HelperConnections::entries(const QString &marker)
{
    restartIdleTimer();
    return m_keeper.entries(marker);
}

QString HelperConnections::legacyExecutablePath() const
{
    return m_options.rootDir + QStringLiteral("/Library/PrivilegedHelperTools/") + m_options.label;
}

QString HelperConnections::legacyPlistPath() const
{
    return m_options.rootDir + QStringLiteral("/Library/LaunchDaemons/") + m_options.label +
           QStringLiteral(".plist");
}

HostsKeeper::Outcome HelperConnections::removeLegacyInstall(uint uid,
                                                            const QString &runningExecutable)
{
    restartIdleTimer();
    if (m_options.label.isEmpty() ||
        QDir::cleanPath(runningExecutable) != QDir::cleanPath(legacyExecutablePath()))
        return failure(HelperProtocol::Error::InvalidArgument,
                       QStringLiteral("this helper was installed with SMAppService (it runs from "
                                      "%1); remove it with the app's \"Remove helper\", which "
                                      "unregisters it")
                           .arg(runningExecutable));
    // The plist first: without it launchd never starts the helper again, even if the
    // executable could not be deleted.
    for (const QString &path : {legacyPlistPath(), legacyExecutablePath()}) {
        QFile file(path);
        if (file.exists() && !file.remove())
            return failure(HelperProtocol::Error::Failed,
                           QStringLiteral("cannot delete %1: %2; delete it with sudo rm")
                               .arg(path, file.errorString()));
    }
    m_keeper.audit().helperRemoved(uid, legacyExecutablePath());
    return {};
}

void HelperConnections::changed(bool wasChanged)
{
    const QList<ResolverFlush::Command> commands =
        ResolverFlush::afterWrite(wasChanged, m_options.hostsFile);
    for (const ResolverFlush::Command &command : commands) {
        m_flushLog.append(command.program + u' ' + command.arguments.join(u' '));
        if (!m_options.runCommands)
            continue;
        // Fire and forget: a failed flush is logged and never fails the write.
        auto *process = new QProcess(this);
        connect(process, &QProcess::finished, process, &QObject::deleteLater);
        connect(process, &QProcess::errorOccurred, process,
                [process, program = command.program](QProcess::ProcessError error) {
                    qCDebug(lcHelper) << "resolver flush" << program << "failed:" << error;
                    if (error == QProcess::FailedToStart)
                        process->deleteLater();
                });
        process->start(command.program, command.arguments);
    }
}

void HelperConnections::restartIdleTimer()
{
    if (m_options.idleTimeoutMs > 0)
        m_idleTimer.start();
}

void HelperConnections::idleTimerFired()
{
    // A lease needs us to watch its connection; every request is answered synchronously.
    if (m_leases.isEmpty()) {
        qCInfo(lcHelper) << "idle: exiting";
        Q_EMIT idle();
    }
}
