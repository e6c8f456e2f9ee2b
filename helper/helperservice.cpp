#include "helper/helperservice.h"

#include "core/sink/helperprotocol.h"
#include "helper/helperlog.h"

#include <QDBusMessage>

HelperService::HelperService(const QDBusConnection &bus, Options options, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_options(std::move(options))
    , m_keeper(m_options.hostsFile, m_options.policyFile)
    , m_authority(bus)
    , m_leases(bus)
    , m_resolvers(bus)
{
    connect(&m_leases, &LeaseTable::expired, this, &HelperService::leaseExpired);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_options.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &HelperService::idleTimerFired);
    restartIdleTimer();
}

QString HelperService::version() const
{
    return QStringLiteral(K8S_HOSTS_VERSION);
}

void HelperService::SetEntries(const QString &marker, const WireEntries &entries,
                               bool keepOnDisconnect)
{
    restartIdleTimer();
    // Checks that need no file come before polkit: a bad request never prompts anyone.
    HostsKeeper::Outcome refusal;
    const std::optional<EntryValidator> validator =
        m_keeper.checkEntries(marker, entries.entries, entries.overflow, &refusal);
    if (!validator) {
        refuse(refusal);
        return;
    }
    const QString owner = message().service();
    authorizeThen(HelperProtocol::actionManageHosts(), {{QStringLiteral("marker"), marker}},
                  [this, marker, desired = entries.entries, keepOnDisconnect, owner,
                   rules = *validator](const QDBusMessage &request, uint uid) {
                      const HostsKeeper::Outcome outcome =
                          m_keeper.apply(uid, marker, desired, rules);
                      if (outcome.ok()) {
                          if (keepOnDisconnect)
                              m_leases.release(marker);
                          else
                              m_leases.hold(marker, owner, uid);
                      }
                      return reply(request, outcome);
                  });
}

void HelperService::Clear(const QString &marker)
{
    restartIdleTimer();
    if (refuse(HostsKeeper::checkMarker(marker)))
        return;
    authorizeThen(HelperProtocol::actionManageHosts(), {{QStringLiteral("marker"), marker}},
                  [this, marker](const QDBusMessage &request, uint uid) {
                      const HostsKeeper::Outcome outcome =
                          m_keeper.clear(uid, marker, QStringLiteral("Clear"));
                      if (outcome.ok())
                          m_leases.release(marker);
                      return reply(request, outcome);
                  });
}

WireEntries HelperService::GetEntries(const QString &marker)
{
    restartIdleTimer();
    const HostsKeeper::Outcome outcome = m_keeper.entries(marker);
    if (refuse(outcome))
        return {};
    return {outcome.entries, false};
}

void HelperService::SetPolicy(const QStringList &domains, bool allowPublicIps)
{
    restartIdleTimer();
    if (domains.size() > HelperProtocol::maxPolicyDomains) {
        sendErrorReply(HelperProtocol::errorInvalidArgument(),
                       QStringLiteral("more than %1 allowed domains; nothing was written")
                           .arg(HelperProtocol::maxPolicyDomains));
        return;
    }
    NamePolicy policy;
    for (const QString &domain : domains) {
        QString why;
        if (!policy.allowDomain(domain.left(300), &why)) {
            sendErrorReply(HelperProtocol::errorInvalidArgument(),
                           QStringLiteral("%1; nothing was written").arg(why));
            return;
        }
    }
    policy.setAllowPublicAddresses(allowPublicIps);
    const QMap<QString, QString> details{
        {QStringLiteral("allow-domain"), policy.extraDomains().join(u',')},
        {QStringLiteral("allow-public-ips"),
         allowPublicIps ? QStringLiteral("true") : QStringLiteral("false")}};
    authorizeThen(HelperProtocol::actionManagePolicy(), details,
                  [this, policy](const QDBusMessage &request, uint uid) {
                      QString error;
                      if (!m_keeper.policyFile().save(policy, &error))
                          return request.createErrorReply(HelperProtocol::errorFailed(), error);
                      m_keeper.audit().policyChanged(uid, policy);
                      return request.createReply();
                  });
}

void HelperService::authorizeThen(const QString &action, const QMap<QString, QString> &details,
                                  Work work)
{
    if (m_pending >= maxPending) {
        sendErrorReply(HelperProtocol::errorFailed(),
                       QStringLiteral("the helper is already waiting on %1 authorizations; try "
                                      "again once they are answered")
                           .arg(m_pending));
        return;
    }
    setDelayedReply(true);
    const QDBusMessage request = message();
    ++m_pending;
    m_authority.check(
        request.service(), action, details, [this, request, work](const Authorization &verdict) {
            --m_pending;
            restartIdleTimer();
            if (!verdict.allowed) {
                qCInfo(lcHelper) << "denied" << request.member() << "from uid" << verdict.uid << ":"
                                 << verdict.denial;
                m_bus.send(
                    request.createErrorReply(HelperProtocol::errorNotAuthorized(), verdict.denial));
                return;
            }
            m_bus.send(work(request, verdict.uid));
        });
}

bool HelperService::refuse(const HostsKeeper::Outcome &outcome)
{
    if (outcome.ok())
        return false;
    sendErrorReply(HelperProtocol::errorName(outcome.error), outcome.message);
    return true;
}

QDBusMessage HelperService::reply(const QDBusMessage &request, const HostsKeeper::Outcome &outcome)
{
    if (!outcome.ok())
        return request.createErrorReply(HelperProtocol::errorName(outcome.error), outcome.message);
    if (outcome.changed)
        m_resolvers.flush();
    return request.createReply();
}

void HelperService::leaseExpired(const QString &marker, uint uid)
{
    restartIdleTimer();
    const HostsKeeper::Outcome outcome =
        m_keeper.clear(uid, marker, QStringLiteral("caller-disconnected"));
    if (!outcome.ok()) {
        qCWarning(lcHelper).noquote() << "could not remove the block" << marker
                                      << "after its caller left:" << outcome.message;
        return;
    }
    if (outcome.changed)
        m_resolvers.flush();
}

void HelperService::restartIdleTimer()
{
    if (m_options.idleTimeoutMs > 0)
        m_idleTimer.start();
}

void HelperService::idleTimerFired()
{
    // A lease needs us to watch its caller; a pending request restarts the timer when done.
    if (m_pending == 0 && m_leases.isEmpty()) {
        qCInfo(lcHelper) << "idle: exiting";
        Q_EMIT idle();
    }
}
