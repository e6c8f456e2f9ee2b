#include "helperservice.h"

#include "helperlog.h"
#include "helperprotocol.h"
#include "hostsblock.h"
#include "reservednames.h"

#include <QDBusMessage>

HelperService::HelperService(const QDBusConnection &bus, Options options, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_options(std::move(options))
    , m_authority(bus)
    , m_leases(bus)
    , m_resolvers(bus)
    , m_policy(m_options.policyFile)
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
    if (refuseBadMarker(marker))
        return;
    if (entries.overflow) {
        sendErrorReply(HelperProtocol::errorInvalidArgument(),
                       QStringLiteral("more than %1 entries for one block; nothing was written; "
                                      "narrow the namespaces or clusters you watch")
                           .arg(HelperProtocol::maxEntries));
        return;
    }
    QString error;
    const std::optional<EntryValidator> validator = makeValidator(&error);
    if (!validator) {
        sendErrorReply(HelperProtocol::errorFailed(), error);
        return;
    }
    // Checks that need no file come before polkit: a bad request never prompts anyone.
    for (qsizetype i = 0; i < entries.entries.size(); ++i) {
        const EntryVerdict verdict = validator->check(entries.entries.at(i));
        if (!verdict.isActive()) {
            sendErrorReply(HelperProtocol::errorInvalidArgument(),
                           QStringLiteral("entry %1 of %2: %3; nothing was written")
                               .arg(i + 1)
                               .arg(entries.entries.size())
                               .arg(verdict.reason));
            return;
        }
    }
    const QString owner = message().service();
    authorizeThen(HelperProtocol::actionManageHosts(), {{QStringLiteral("marker"), marker}},
                  [this, marker, desired = entries.entries, keepOnDisconnect, owner,
                   rules = *validator](const QDBusMessage &request, uint uid) {
                      HostsFile file = hostsFile();
                      const HostsFile::Result result =
                          file.apply(marker, desired, rules, HostsFile::Rejections::RefuseAll);
                      if (!result.ok)
                          return request.createErrorReply(
                              result.rejected.isEmpty() ? HelperProtocol::errorFailed()
                                                        : HelperProtocol::errorInvalidArgument(),
                              result.rejected.isEmpty()
                                  ? result.error
                                  : QStringLiteral("%1; nothing was written").arg(result.error));
                      if (keepOnDisconnect)
                          m_leases.release(marker);
                      else
                          m_leases.hold(marker, owner, uid);
                      recordChange(uid, marker, result, QStringLiteral("SetEntries"));
                      return request.createReply();
                  });
}

void HelperService::Clear(const QString &marker)
{
    restartIdleTimer();
    if (refuseBadMarker(marker))
        return;
    authorizeThen(HelperProtocol::actionManageHosts(), {{QStringLiteral("marker"), marker}},
                  [this, marker](const QDBusMessage &request, uint uid) {
                      HostsFile file = hostsFile();
                      const HostsFile::Result result = file.clear(marker);
                      if (!result.ok)
                          return request.createErrorReply(HelperProtocol::errorFailed(),
                                                          result.error);
                      m_leases.release(marker);
                      recordChange(uid, marker, result, QStringLiteral("Clear"));
                      return request.createReply();
                  });
}

WireEntries HelperService::GetEntries(const QString &marker)
{
    restartIdleTimer();
    if (refuseBadMarker(marker))
        return {};
    QString error;
    const std::optional<HostEntries> entries = hostsFile().entries(marker, &error);
    if (!entries) {
        sendErrorReply(HelperProtocol::errorFailed(), error);
        return {};
    }
    return {*entries, false};
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
                      if (!m_policy.save(policy, &error))
                          return request.createErrorReply(HelperProtocol::errorFailed(), error);
                      m_audit.policyChanged(uid, policy);
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

bool HelperService::refuseBadMarker(const QString &marker)
{
    if (HostsBlock::isValidMarker(marker))
        return false;
    sendErrorReply(HelperProtocol::errorInvalidArgument(),
                   QStringLiteral("the marker must be 1 to 64 characters of A-Z, 0-9 and '-' "
                                  "(like K8S-HOSTS); nothing was changed"));
    return true;
}

std::optional<EntryValidator> HelperService::makeValidator(QString *error) const
{
    std::optional<NamePolicy> policy = m_policy.load(error);
    if (!policy)
        return std::nullopt;
    return EntryValidator(std::move(*policy), ReservedNames::forThisMachine());
}

HostsFile HelperService::hostsFile() const
{
    FileReplacer::Options options;
    options.requireRootOwned = true;
    return HostsFile(m_options.hostsFile, options);
}

void HelperService::recordChange(uint uid, const QString &marker, const HostsFile::Result &result,
                                 const QString &cause)
{
    if (!result.changed)
        return;
    m_audit.hostsChanged(uid, marker, result.previous, result.current, cause);
    m_resolvers.flush();
}

void HelperService::leaseExpired(const QString &marker, uint uid)
{
    restartIdleTimer();
    HostsFile file = hostsFile();
    const HostsFile::Result result = file.clear(marker);
    if (!result.ok) {
        qCWarning(lcHelper).noquote()
            << "could not remove the block" << marker << "after its caller left:" << result.error;
        return;
    }
    recordChange(uid, marker, result, QStringLiteral("caller-disconnected"));
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
