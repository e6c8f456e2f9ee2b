#include "helper/helperservice.h"

#include "core/sink/helperprotocol.h"
#include "helper/helperlog.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>

namespace {

const QString interactionRequired =
    QStringLiteral("org.freedesktop.DBus.Error.InteractiveAuthorizationRequired");

} // namespace

HelperService::HelperService(const QDBusConnection &bus, Options options, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_options(std::move(options))
    , m_keeper(m_options.hostsFile, m_options.policyFile, m_options.stateDir)
    , m_resolverKeeper(m_options.resolverRoot, m_options.stateDir, &m_keeper.policyFile())
    , m_reload(bus)
    , m_link(bus)
    , m_authority(bus)
    , m_leases(bus)
    , m_resolvers(bus)
    , m_throttle(m_options.writeIntervalMs)
    , m_callers(QString(), bus, QDBusServiceWatcher::WatchForUnregistration)
{
    connect(&m_leases, &LeaseTable::expired, this, &HelperService::leaseExpired);
    connect(&m_callers, &QDBusServiceWatcher::serviceUnregistered, this,
            &HelperService::senderLeft);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_options.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &HelperService::idleTimerFired);
    restartIdleTimer();
}

QString HelperService::version() const
{
    return QStringLiteral(K8S_HOSTS_VERSION);
}

void HelperService::restoreLeases()
{
    BlockRegistry &registry = m_keeper.registry();
    for (const QString &marker : registry.markers()) {
        const BlockRegistry::Block block = *registry.block(marker);
        if (block.lease.isEmpty())
            continue;
        // Unique bus names are never reused on a bus: a name still there is the caller.
        if (m_bus.interface() && m_bus.interface()->isServiceRegistered(block.lease)) {
            m_leases.hold(marker, block.lease, block.uid);
            qCInfo(lcHelper) << "lease on" << marker << "kept:" << block.lease << "is still here";
            continue;
        }
        qCInfo(lcHelper) << "lease on" << marker
                         << "ended while the helper was not running:" << block.lease << "left";
        const HostsKeeper::Outcome outcome =
            m_keeper.clear(block.uid, marker, QStringLiteral("caller-gone-at-start"));
        if (!outcome.ok())
            qCWarning(lcHelper).noquote()
                << "could not remove the block" << marker << ":" << outcome.message;
        else if (outcome.changed)
            m_resolvers.flush();
    }
    for (const ResolverKeeper::Registration &r : m_resolverKeeper.registrations()) {
        if (r.lease.isEmpty())
            continue;
        if (m_bus.interface() && m_bus.interface()->isServiceRegistered(r.lease)) {
            m_leases.hold(resolverLease(r.domain), r.lease, r.uid);
            continue;
        }
        qCInfo(lcHelper) << "the registration of" << r.domain
                         << "ended while the helper was not running:" << r.lease << "left";
        unregisterResolver(r.domain, QStringLiteral("caller-gone-at-start"), r.uid, {});
    }
    // The link went with the helper that held it: made again for the callers still here.
    if (!m_resolverKeeper.resolvedDomains().isEmpty())
        applyResolver(SystemResolver::Kind::SystemdResolved, [](const QString &error) {
            if (!error.isEmpty())
                qCWarning(lcHelper).noquote() << error;
        });
}

void HelperService::applyResolver(SystemResolver::Kind kind,
                                  const std::function<void(const QString &)> &done)
{
    if (kind == SystemResolver::Kind::SystemdResolved)
        m_link.configure(m_resolverKeeper.resolvedPort(), m_resolverKeeper.resolvedDomains(), done);
    else
        m_reload.reload(kind, done);
}

QString HelperService::resolverLease(const QString &domain)
{
    // Markers are [A-Z0-9-]: this never names a block.
    return QStringLiteral("resolver:") + domain;
}

void HelperService::SetEntries(const QString &marker, const WireEntries &entries,
                               bool keepOnDisconnect)
{
    restartIdleTimer();
    // Checks that need no file come before polkit: a bad request never prompts anyone.
    HostsKeeper::Outcome refusal;
    if (!m_keeper.checkEntries(marker, entries.entries, entries.overflow, &refusal)) {
        refuse(refusal);
        return;
    }
    const QString owner = message().service();
    authorizeThen(
        [this, marker](uint uid) {
            return m_keeper.ownedByAnother(marker, uid) ? HelperProtocol::actionManageOtherBlocks()
                                                        : HelperProtocol::actionManageHosts();
        },
        {{QStringLiteral("marker"), marker}},
        [this, marker, desired = entries.entries, keepOnDisconnect,
         owner](const QDBusMessage &request, uint uid) {
            // Again with the policy as it is now: an administrator may have narrowed it while
            // the prompt was open.
            HostsKeeper::Outcome refused;
            const std::optional<EntryValidator> rules =
                m_keeper.checkEntries(marker, desired, false, &refused);
            if (!rules) {
                answer(request, refused);
                return;
            }
            const auto write = [this, marker, desired, rules, keepOnDisconnect, owner, uid] {
                const HostsKeeper::Outcome outcome = m_keeper.apply(uid, marker, desired, *rules);
                if (outcome.ok()) {
                    if (keepOnDisconnect)
                        m_leases.release(marker);
                    else
                        m_leases.hold(marker, owner, uid);
                    QString error;
                    if (!m_keeper.registry().setLease(marker, keepOnDisconnect ? QString() : owner,
                                                      &error))
                        qCWarning(lcHelper).noquote() << "cannot keep the lease:" << error;
                }
                return outcome;
            };
            m_throttle.submit(marker, write, [this, request](const HostsKeeper::Outcome &outcome) {
                answer(request, outcome);
            });
        });
}

void HelperService::Clear(const QString &marker)
{
    restartIdleTimer();
    if (refuse(HostsKeeper::checkMarker(marker)))
        return;
    authorizeThen(
        [this, marker](uint uid) {
            return m_keeper.ownedByAnother(marker, uid) ? HelperProtocol::actionManageOtherBlocks()
                                                        : HelperProtocol::actionManageHosts();
        },
        {{QStringLiteral("marker"), marker}},
        [this, marker](const QDBusMessage &request, uint uid) {
            // Never delayed; a write of the marker still waiting is superseded by this.
            const HostsKeeper::Outcome outcome =
                m_keeper.clear(uid, marker, QStringLiteral("Clear"));
            m_throttle.cancel(marker, outcome);
            if (outcome.ok())
                m_leases.release(marker);
            answer(request, outcome);
        });
}

WireEntries HelperService::GetEntries(const QString &marker)
{
    // Anyone may read (the file is world-readable); reading does not keep the helper up.
    const HostsKeeper::Outcome outcome = m_keeper.entries(marker);
    if (refuse(outcome))
        return {};
    return {outcome.entries, false};
}

namespace {

// "dtk.io" or "dtk.io and example.org", for the prompt.
QString listed(const QStringList &domains)
{
    if (domains.size() <= 1)
        return domains.value(0);
    return domains.mid(0, domains.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") +
           domains.last();
}

} // namespace

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
        if (!policy.allowDomain(domain.left(300), &why, NamePolicy::Scope::System)) {
            sendErrorReply(HelperProtocol::errorInvalidArgument(),
                           QStringLiteral("%1; nothing was written").arg(why));
            return;
        }
    }
    policy.setAllowPublicAddresses(allowPublicIps);
    const QString message =
        QStringLiteral("Authentication is required to let k8s-hosts write host names %1%2 into "
                       "/etc/hosts")
            .arg(policy.extraDomains().isEmpty()
                     ? QStringLiteral("under the default domains only")
                     : QStringLiteral("under %1").arg(listed(policy.extraDomains())),
                 allowPublicIps ? QStringLiteral(", pointing at public addresses too") : QString());
    authorizeThen([](uint) { return HelperProtocol::actionManagePolicy(); },
                  {{QStringLiteral("allow-domain"), policy.extraDomains().join(u',')},
                   {QStringLiteral("allow-public-ips"),
                    allowPublicIps ? QStringLiteral("true") : QStringLiteral("false")},
                   {QStringLiteral("polkit.message"), message}},
                  [this, policy](const QDBusMessage &request, uint uid) {
                      changePolicy(request, uid, policy);
                  });
}

// Additive: what an administrator wrote in the file stays, whatever the caller saw of it.
void HelperService::AllowDomains(const QStringList &domains)
{
    restartIdleTimer();
    if (domains.isEmpty() || domains.size() > HelperProtocol::maxPolicyDomains) {
        sendErrorReply(HelperProtocol::errorInvalidArgument(),
                       QStringLiteral("name 1 to %1 domains to allow; nothing was written")
                           .arg(HelperProtocol::maxPolicyDomains));
        return;
    }
    NamePolicy added;
    for (const QString &domain : domains) {
        QString why;
        if (!added.allowDomain(domain.left(300), &why, NamePolicy::Scope::System)) {
            sendErrorReply(HelperProtocol::errorInvalidArgument(),
                           QStringLiteral("%1; nothing was written").arg(why));
            return;
        }
    }
    const QStringList wanted = added.extraDomains();
    authorizeThen(
        [](uint) { return HelperProtocol::actionManagePolicy(); },
        {{QStringLiteral("allow-domain"), wanted.join(u',')},
         {QStringLiteral("polkit.message"),
          QStringLiteral("Authentication is required to let k8s-hosts write host names under %1 "
                         "into /etc/hosts")
              .arg(listed(wanted))}},
        [this, wanted](const QDBusMessage &request, uint uid) {
            QString error;
            std::optional<NamePolicy> current = m_keeper.policyFile().load(&error);
            if (!current) {
                m_bus.send(request.createErrorReply(HelperProtocol::errorFailed(), error));
                return;
            }
            for (const QString &domain : wanted)
                current->allowDomain(domain, nullptr, NamePolicy::Scope::System);
            changePolicy(request, uid, *current);
        });
}

QString HelperService::RegisterResolver(const QString &domain, const QString &address, ushort port,
                                        bool keepOnDisconnect, QString &listenAddress)
{
    Q_UNUSED(listenAddress) // answered with the delayed reply
    restartIdleTimer();
    if (refuse(m_resolverKeeper.check(domain, address, port)))
        return {};
    const QString owner = message().service();
    authorizeThen(
        [this, domain](uint uid) {
            const auto known = m_resolverKeeper.registration(domain);
            return uid != 0 && known && known->uid != uid
                       ? HelperProtocol::actionManageOtherBlocks()
                       : HelperProtocol::actionManageHosts();
        },
        {{QStringLiteral("resolver-domain"), domain}},
        [=, this](const QDBusMessage &request, uint uid) {
            const QString lease = keepOnDisconnect ? QString() : owner;
            const HostsKeeper::Outcome outcome =
                m_resolverKeeper.add(uid, domain, address, port, lease);
            if (!outcome.ok()) {
                answer(request, outcome);
                return;
            }
            if (keepOnDisconnect)
                m_leases.release(resolverLease(domain));
            else
                m_leases.hold(resolverLease(domain), owner, uid);
            qCInfo(lcHelper).noquote()
                << QStringLiteral("uid=%1 resolver-domain=%2 responder=%3#%4 via=%5")
                       .arg(uid)
                       .arg(domain, address)
                       .arg(port)
                       .arg(outcome.message);
            const SystemResolver::Kind kind = m_resolverKeeper.lastKind();
            const bool viaLink = kind == SystemResolver::Kind::SystemdResolved;
            const auto reply = [this, request, outcome, viaLink, domain,
                                uid](const QString &error) {
                if (error.isEmpty()) {
                    m_bus.send(request.createReply(
                        {outcome.message,
                         viaLink ? SystemResolver::resolvedLinkAddress() : QString()}));
                } else if (viaLink) {
                    // Nothing half-done stays: the domain is not registered.
                    unregisterResolver(domain, QStringLiteral("failed"), uid, {});
                    m_bus.send(request.createErrorReply(
                        HelperProtocol::errorFailed(),
                        QStringLiteral("%1; nothing was registered").arg(error)));
                } else {
                    m_bus.send(request.createErrorReply(
                        HelperProtocol::errorFailed(),
                        QStringLiteral("%1 is written, but %2").arg(outcome.message, error)));
                }
            };
            if (outcome.changed)
                applyResolver(kind, reply);
            else
                reply({});
        });
    return {};
}

void HelperService::UnregisterResolver(const QString &domain)
{
    restartIdleTimer();
    const auto known = m_resolverKeeper.registration(domain);
    if (!known) {
        // Nothing of ours: nothing to authorize either.
        return;
    }
    authorizeThen(
        [known](uint uid) {
            return uid != 0 && known->uid != uid ? HelperProtocol::actionManageOtherBlocks()
                                                 : HelperProtocol::actionManageHosts();
        },
        {{QStringLiteral("resolver-domain"), domain}},
        [this, domain](const QDBusMessage &request, uint uid) {
            unregisterResolver(domain, QStringLiteral("UnregisterResolver"), uid,
                               [this, request](const HostsKeeper::Outcome &outcome) {
                                   if (outcome.ok())
                                       m_bus.send(request.createReply());
                                   else
                                       answer(request, outcome);
                               });
        });
}

void HelperService::unregisterResolver(
    const QString &domain, const QString &cause, uint uid,
    const std::function<void(const HostsKeeper::Outcome &)> &done)
{
    m_leases.release(resolverLease(domain));
    const HostsKeeper::Outcome outcome = m_resolverKeeper.remove(domain, cause, uid);
    if (!outcome.ok()) {
        qCWarning(lcHelper).noquote()
            << "could not remove the registration of" << domain << ":" << outcome.message;
        if (done)
            done(outcome);
        return;
    }
    if (!outcome.changed) {
        if (done)
            done(outcome);
        return;
    }
    applyResolver(m_resolverKeeper.lastKind(), [done, outcome](const QString &error) {
        if (!error.isEmpty())
            qCWarning(lcHelper).noquote() << outcome.message << "is removed, but" << error;
        if (done)
            done(outcome);
    });
}

void HelperService::changePolicy(const QDBusMessage &request, uint uid, const NamePolicy &policy)
{
    QString error;
    if (!m_keeper.policyFile().save(policy, &error)) {
        m_bus.send(request.createErrorReply(HelperProtocol::errorFailed(), error));
        return;
    }
    m_keeper.audit().policyChanged(uid, policy);
    m_bus.send(request.createReply());
}

void HelperService::authorizeThen(const ActionFor &actionFor, const QMap<QString, QString> &details,
                                  const Work &work)
{
    const QDBusMessage request = message();
    const QString sender = request.service();
    const auto waiting = [this](auto matches) {
        return std::count_if(m_pending.cbegin(), m_pending.cend(), matches);
    };
    if (waiting([&](const PendingCheck &p) { return p.sender == sender; }) >= maxPendingPerSender) {
        sendErrorReply(HelperProtocol::errorFailed(),
                       QStringLiteral("a request of yours is still waiting for its "
                                      "authorization; answer that prompt first"));
        return;
    }
    if (m_pending.size() >= maxPending) {
        sendErrorReply(HelperProtocol::errorFailed(),
                       QStringLiteral("the helper is already waiting on %1 authorizations; try "
                                      "again once they are answered")
                           .arg(m_pending.size()));
        return;
    }
    setDelayedReply(true);
    const quint64 id = ++m_nextCheck;
    m_pending.insert(id, {sender, 0, {}});
    m_callers.addWatchedService(sender);
    m_authority.identify(sender, [=, this](std::optional<uint> uid, const QString &error) {
        if (!m_pending.contains(id))
            return; // the caller left meanwhile
        if (!uid) {
            finishCheck(id);
            m_bus.send(request.createErrorReply(HelperProtocol::errorNotAuthorized(), error));
            return;
        }
        m_pending[id].uid = *uid;
        const auto sameUser = std::count_if(m_pending.cbegin(), m_pending.cend(),
                                            [&](const PendingCheck &p) { return p.uid == *uid; });
        if (*uid != 0 && sameUser > maxPendingPerUser) {
            finishCheck(id);
            m_bus.send(request.createErrorReply(
                HelperProtocol::errorFailed(),
                QStringLiteral("uid %1 already has %2 requests waiting for their authorization; "
                               "answer those prompts first")
                    .arg(*uid)
                    .arg(maxPendingPerUser)));
            return;
        }
        askPolkit(request, id, actionFor(*uid), details, work);
    });
}

void HelperService::askPolkit(const QDBusMessage &request, quint64 id, const QString &action,
                              const QMap<QString, QString> &details, const Work &work)
{
    const QString sender = request.service();
    m_authority.inActiveSession(sender, [=, this](bool active) {
        if (!m_pending.contains(id))
            return;
        PolkitAuthority::Check check;
        check.sender = sender;
        check.uid = m_pending.value(id).uid;
        check.action = action;
        check.details = details;
        check.interactive = request.isInteractiveAuthorizationAllowed();
        check.timeoutMs =
            active ? PolkitAuthority::checkTimeoutMs : m_options.inactiveCheckTimeoutMs;
        m_pending[id].cancellationId =
            m_authority.authorize(check, [=, this](const Authorization &verdict) {
                if (!m_pending.contains(id))
                    return; // cancelled: the caller left
                finishCheck(id);
                restartIdleTimer();
                if (verdict.allowed) {
                    work(request, verdict.uid);
                    return;
                }
                qCInfo(lcHelper) << "denied" << request.member() << "from uid" << verdict.uid << ":"
                                 << verdict.denial;
                m_bus.send(request.createErrorReply(verdict.interactionRequired
                                                        ? interactionRequired
                                                        : HelperProtocol::errorNotAuthorized(),
                                                    verdict.denial));
            });
    });
}

void HelperService::senderLeft(const QString &sender)
{
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->sender != sender) {
            ++it;
            continue;
        }
        qCInfo(lcHelper) << "cancelled the authorization check of" << sender << "(it left)";
        if (!it->cancellationId.isEmpty())
            m_authority.cancel(it->cancellationId);
        it = m_pending.erase(it);
    }
    m_callers.removeWatchedService(sender);
    restartIdleTimer();
}

void HelperService::finishCheck(quint64 id)
{
    const QString sender = m_pending.take(id).sender;
    const bool more = std::any_of(m_pending.cbegin(), m_pending.cend(),
                                  [&](const PendingCheck &p) { return p.sender == sender; });
    if (!more)
        m_callers.removeWatchedService(sender);
}

bool HelperService::refuse(const HostsKeeper::Outcome &outcome)
{
    if (outcome.ok())
        return false;
    sendErrorReply(HelperProtocol::errorName(outcome.error), outcome.message);
    return true;
}

void HelperService::answer(const QDBusMessage &request, const HostsKeeper::Outcome &outcome)
{
    if (!outcome.ok()) {
        m_bus.send(
            request.createErrorReply(HelperProtocol::errorName(outcome.error), outcome.message));
        return;
    }
    if (outcome.changed)
        m_resolvers.flush();
    m_bus.send(request.createReply());
}

void HelperService::leaseExpired(const QString &marker, uint uid)
{
    restartIdleTimer();
    if (marker.startsWith(QStringLiteral("resolver:"))) {
        unregisterResolver(marker.mid(9), QStringLiteral("caller-disconnected"), uid, {});
        return;
    }
    const HostsKeeper::Outcome outcome =
        m_keeper.clear(uid, marker, QStringLiteral("caller-disconnected"));
    m_throttle.cancel(marker, outcome);
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
    // A lease needs us to watch its caller; a pending request or a waiting write restarts
    // the timer when done.
    if (m_pending.isEmpty() && m_leases.isEmpty() && !m_throttle.isWaiting()) {
        qCInfo(lcHelper) << "idle: exiting";
        Q_EMIT idle();
    }
}
