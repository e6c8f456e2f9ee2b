#include "helper/helperconnections.h"

#include "core/sink/flatentries.h"
#include "helper/helperlog.h"
#include "helper/resolverflush.h"

#include <QDir>
#include <QFile>
#include <QProcess>

namespace {

QString owner(quint64 connection)
{
    return QString::number(connection);
}

// Leases are by marker; markers are [A-Z0-9-], so this never names a block.
const QString resolverPrefix = QStringLiteral("resolver:");

} // namespace

HelperConnections::HelperConnections(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_keeper(m_options.hostsFile, m_options.policyFile, m_options.stateDir,
               m_options.requireRootOwned)
    , m_resolvers(m_options.rootDir.isEmpty() ? QStringLiteral("/") : m_options.rootDir,
                  m_options.stateDir, &m_keeper.policyFile(), m_options.requireRootOwned,
                  SystemResolver::Kind::ResolverFile)
    , m_throttle(m_options.writeIntervalMs)
{
    clearOrphanedLeases();
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_options.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &HelperConnections::idleTimerFired);
    restartIdleTimer();
}

QString HelperConnections::version()
{
    return QStringLiteral(K8S_HOSTS_VERSION);
}

// No XPC connection outlives the helper: a block that was leased when it last ran lost its
// caller (an app still running renews its blocks on its new connection).
void HelperConnections::clearOrphanedLeases()
{
    BlockRegistry &registry = m_keeper.registry();
    for (const QString &marker : registry.markers()) {
        const BlockRegistry::Block block = *registry.block(marker);
        if (block.lease.isEmpty())
            continue;
        qCInfo(lcHelper) << "lease on" << marker << "ended while the helper was not running";
        const HostsKeeper::Outcome outcome =
            m_keeper.clear(block.uid, marker, QStringLiteral("caller-gone-at-start"));
        if (outcome.ok())
            changed(outcome.changed);
        else
            qCWarning(lcHelper).noquote()
                << "could not remove the block" << marker << ":" << outcome.message;
    }
    for (const ResolverKeeper::Registration &r : m_resolvers.registrations()) {
        if (!r.lease.isEmpty())
            endResolverLease(r.domain, r.uid, QStringLiteral("caller-gone-at-start"));
    }
}

void HelperConnections::endResolverLease(const QString &domain, uint uid, const QString &cause)
{
    const HostsKeeper::Outcome outcome = m_resolvers.remove(domain, cause, uid);
    if (outcome.ok())
        changed(outcome.changed);
    else
        qCWarning(lcHelper).noquote()
            << "could not remove the registration of" << domain << ":" << outcome.message;
}

HostsKeeper::Outcome HelperConnections::permission(uint uid, const CallerRights &rights,
                                                   bool ownedByAnother, Operation operation)
{
    if (uid == 0 || rights.authorized)
        return {};
    if (operation == Operation::Uninstall)
        return HostsKeeper::Outcome::refused(
            HelperProtocol::Error::AuthorizationRequired,
            QStringLiteral("removing the k8s-hosts helper needs an administrator's "
                           "authorization; nothing was changed"));
    if (ownedByAnother)
        return HostsKeeper::Outcome::refused(
            HelperProtocol::Error::AuthorizationRequired,
            QStringLiteral("another user wrote this block; changing it needs an "
                           "administrator's authorization; nothing was changed"));
    if (!rights.admin)
        return HostsKeeper::Outcome::refused(
            HelperProtocol::Error::AuthorizationRequired,
            QStringLiteral("uid %1 is not an administrator: changing /etc/hosts "
                           "needs an administrator's authorization; nothing was "
                           "changed")
                .arg(uid));
    return {};
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
        if (lease.marker.startsWith(resolverPrefix)) {
            endResolverLease(lease.marker.mid(resolverPrefix.size()), lease.uid,
                             QStringLiteral("caller-disconnected"));
            continue;
        }
        const HostsKeeper::Outcome outcome =
            m_keeper.clear(lease.uid, lease.marker, QStringLiteral("caller-disconnected"));
        m_throttle.cancel(lease.marker, outcome);
        if (!outcome.ok()) {
            qCWarning(lcHelper).noquote() << "could not remove the block" << lease.marker
                                          << "after its caller left:" << outcome.message;
            continue;
        }
        changed(outcome.changed);
    }
}

void HelperConnections::setEntries(quint64 connection, uint uid, const CallerRights &rights,
                                   const QString &marker, qsizetype fieldCount,
                                   const QStringList &fields, bool keepOnDisconnect, Reply reply)
{
    restartIdleTimer();
    const FlatEntries::Decoded decoded = FlatEntries::decode(fieldCount, fields);
    if (!decoded.ok()) {
        const HostsKeeper::Outcome bad = HostsKeeper::checkMarker(marker);
        reply(bad.ok() ? HostsKeeper::Outcome::refused(HelperProtocol::Error::InvalidArgument,
                                                       decoded.error)
                       : bad);
        return;
    }
    HostsKeeper::Outcome refusal;
    const std::optional<EntryValidator> rules =
        m_keeper.checkEntries(marker, decoded.entries, decoded.overflow, &refusal);
    if (!rules) {
        reply(refusal);
        return;
    }
    if (const HostsKeeper::Outcome denied =
            permission(uid, rights, m_keeper.ownedByAnother(marker, uid), Operation::Write);
        !denied.ok()) {
        reply(denied);
        return;
    }
    const auto write = [this, connection, uid, marker, entries = decoded.entries, rules,
                        keepOnDisconnect] {
        const HostsKeeper::Outcome outcome = m_keeper.apply(uid, marker, entries, *rules);
        if (!outcome.ok())
            return outcome;
        QString error;
        if (keepOnDisconnect)
            m_leases.release(marker);
        else
            m_leases.hold(marker, owner(connection), uid);
        if (!m_keeper.registry().setLease(marker, keepOnDisconnect ? QString() : owner(connection),
                                          &error))
            qCWarning(lcHelper).noquote() << "cannot keep the lease:" << error;
        changed(outcome.changed);
        return outcome;
    };
    m_throttle.submit(marker, write, std::move(reply));
}

HostsKeeper::Outcome HelperConnections::clear(quint64 connection, uint uid,
                                              const CallerRights &rights, const QString &marker)
{
    restartIdleTimer();
    if (const HostsKeeper::Outcome bad = HostsKeeper::checkMarker(marker); !bad.ok())
        return bad;
    if (const HostsKeeper::Outcome denied =
            permission(uid, rights, m_keeper.ownedByAnother(marker, uid), Operation::Write);
        !denied.ok())
        return denied;
    const HostsKeeper::Outcome outcome = m_keeper.clear(uid, marker, QStringLiteral("Clear"));
    m_throttle.cancel(marker, outcome); // never delayed; a waiting write is superseded
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

HostsKeeper::Outcome HelperConnections::registerResolver(quint64 connection, uint uid,
                                                         const CallerRights &rights,
                                                         const QString &domain,
                                                         const QString &address, quint16 port,
                                                         bool keepOnDisconnect)
{
    restartIdleTimer();
    if (const HostsKeeper::Outcome bad = m_resolvers.check(domain, address, port); !bad.ok())
        return bad;
    const auto known = m_resolvers.registration(domain);
    if (const HostsKeeper::Outcome denied =
            permission(uid, rights, known && known->uid != uid, Operation::Write);
        !denied.ok())
        return denied;
    const HostsKeeper::Outcome outcome = m_resolvers.add(
        uid, domain, address, port, keepOnDisconnect ? QString() : owner(connection));
    if (!outcome.ok())
        return outcome;
    if (keepOnDisconnect)
        m_leases.release(resolverPrefix + domain);
    else
        m_leases.hold(resolverPrefix + domain, owner(connection), uid);
    qCInfo(lcHelper).noquote() << QStringLiteral("uid=%1 resolver-domain=%2 responder=%3#%4 via=%5")
                                      .arg(uid)
                                      .arg(domain, address)
                                      .arg(port)
                                      .arg(outcome.message);
    changed(outcome.changed);
    return outcome;
}

HostsKeeper::Outcome HelperConnections::unregisterResolver(quint64 connection, uint uid,
                                                           const CallerRights &rights,
                                                           const QString &domain)
{
    restartIdleTimer();
    const auto known = m_resolvers.registration(domain);
    if (!known)
        return {};
    if (const HostsKeeper::Outcome denied =
            permission(uid, rights, known->uid != uid, Operation::Write);
        !denied.ok())
        return denied;
    m_leases.release(resolverPrefix + domain);
    const HostsKeeper::Outcome outcome =
        m_resolvers.remove(domain, QStringLiteral("UnregisterResolver"), uid);
    qCDebug(lcHelper) << "connection" << connection << "unregistered" << domain;
    if (outcome.ok())
        changed(outcome.changed);
    return outcome;
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

HostsKeeper::Outcome HelperConnections::removeLegacyInstall(uint uid, const CallerRights &rights,
                                                            const QString &runningExecutable)
{
    restartIdleTimer();
    if (const HostsKeeper::Outcome denied = permission(uid, rights, false, Operation::Uninstall);
        !denied.ok())
        return denied;
    if (m_options.label.isEmpty() ||
        QDir::cleanPath(runningExecutable) != QDir::cleanPath(legacyExecutablePath()))
        return HostsKeeper::Outcome::refused(
            HelperProtocol::Error::InvalidArgument,
            QStringLiteral("this helper was installed with SMAppService (it runs from "
                           "%1); remove it with the app's \"Remove helper\", which "
                           "unregisters it")
                .arg(runningExecutable));
    // The plist first: without it launchd never starts the helper again, even if the
    // executable could not be deleted.
    for (const QString &path : {legacyPlistPath(), legacyExecutablePath()}) {
        QFile file(path);
        if (file.exists() && !file.remove())
            return HostsKeeper::Outcome::refused(
                HelperProtocol::Error::Failed,
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
    // A lease needs us to watch its connection; a waiting write needs us to write it.
    if (m_leases.isEmpty() && !m_throttle.isWaiting()) {
        qCInfo(lcHelper) << "idle: exiting";
        Q_EMIT idle();
    }
}
