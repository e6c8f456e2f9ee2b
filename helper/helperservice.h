#pragma once

#include "core/sink/wireentries.h"
#include "helper/hostskeeper.h"
#include "helper/leasetable.h"
#include "helper/polkitauthority.h"
#include "helper/resolvedlink.h"
#include "helper/resolvercache.h"
#include "helper/resolverkeeper.h"
#include "helper/resolverreload.h"
#include "helper/writethrottle.h"

#include <QDBusContext>
#include <QDBusServiceWatcher>
#include <QObject>
#include <QTimer>

#include <functional>

// io.github.k8shosts.Helper1 on the system bus: owns the marked blocks of one hosts file
// and nothing else. Every argument is untrusted and validated before polkit is asked, and
// again with the policy as it is once polkit has answered; a request is taken whole or
// refused whole; replies to authorized calls are delayed until polkit answers, without a
// nested event loop. Nobody can stall it for others: pending checks are capped per caller,
// per user and in all, a caller that leaves has its check cancelled, and a password is asked
// for only when the caller's message allows it. A block another user wrote needs
// manage-other-blocks. The checks and the writing are HostsKeeper's (shared with the macOS
// helper); this class is the D-Bus and polkit side. See docs/helper-protocol.md.
class HelperService : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "io.github.k8shosts.Helper1")
    Q_PROPERTY(QString Version READ version CONSTANT)

public:
    struct Options
    {
        QString hostsFile;          // /etc/hosts; only the helper's own command line changes it
        QString policyFile;         // /etc/k8s-hosts/policy.conf
        QString stateDir;           // /var/lib/k8s-hosts: owners and leases of the blocks
        int idleTimeoutMs = 30000;  // 0: never exit
        int writeIntervalMs = 1000; // at most one write of a marker per interval
        int inactiveCheckTimeoutMs = PolkitAuthority::inactiveCheckTimeoutMs;
        QString resolverRoot = QStringLiteral("/"); // where /etc/dnsmasq.d etc. are (tests)
    };

    HelperService(const QDBusConnection &bus, Options options, QObject *parent = nullptr);

    QString version() const;
    // Blocks whose lease outlived its caller while the helper was not running are removed;
    // the leases of callers still connected are watched again. Call once, at start.
    void restoreLeases();

    // Authorization checks waiting at once: for one caller, one user, everyone. More are
    // refused at once rather than queued.
    static constexpr int maxPendingPerSender = 1;
    static constexpr int maxPendingPerUser = 2;
    static constexpr int maxPending = 32;

public Q_SLOTS:
    Q_SCRIPTABLE void SetEntries(const QString &marker, const WireEntries &entries,
                                 bool keepOnDisconnect);
    Q_SCRIPTABLE void Clear(const QString &marker);
    Q_SCRIPTABLE WireEntries GetEntries(const QString &marker);
    Q_SCRIPTABLE void SetPolicy(const QStringList &domains, bool allowPublicIps);
    Q_SCRIPTABLE void AllowDomains(const QStringList &domains);
    // The system resolver sends domain's queries to the local responder on address:port
    // (loopback only), as long as the caller stays unless keepOnDisconnect. Answers how
    // ("dnsmasq: /etc/dnsmasq.d/k8s-hosts-apps.test.conf"). Same rights as our block.
    // listenAddress: where the responder must answer too (systemd-resolved asks it on the
    // helper's link, SystemResolver::resolvedLinkAddress()); empty otherwise.
    Q_SCRIPTABLE QString RegisterResolver(const QString &domain, const QString &address,
                                          ushort port, bool keepOnDisconnect,
                                          QString &listenAddress);
    Q_SCRIPTABLE void UnregisterResolver(const QString &domain);

Q_SIGNALS:
    // Nothing to watch and nothing pending for the idle timeout: time to exit.
    void idle();

private:
    // Runs after polkit allowed the call; answers the request (now or later).
    using Work = std::function<void(const QDBusMessage &request, uint uid)>;
    // The action a caller needs, once its uid is known.
    using ActionFor = std::function<QString(uint uid)>;

    struct PendingCheck
    {
        QString sender;
        uint uid = 0;
        QString cancellationId;
    };

    void authorizeThen(const ActionFor &actionFor, const QMap<QString, QString> &details,
                       const Work &work);
    void askPolkit(const QDBusMessage &request, quint64 id, const QString &action,
                   const QMap<QString, QString> &details, const Work &work);
    void senderLeft(const QString &sender);
    void finishCheck(quint64 id);
    bool refuse(const HostsKeeper::Outcome &outcome);
    void answer(const QDBusMessage &request, const HostsKeeper::Outcome &outcome);
    void changePolicy(const QDBusMessage &request, uint uid, const NamePolicy &policy);
    void leaseExpired(const QString &marker, uint uid);
    // Removes domain's registration and has the resolver read its files again.
    void unregisterResolver(const QString &domain, const QString &cause, uint uid,
                            const std::function<void(const HostsKeeper::Outcome &)> &done);
    static QString resolverLease(const QString &domain);
    // Tells the system resolver (kind) what is registered now.
    void applyResolver(SystemResolver::Kind kind, const std::function<void(const QString &)> &done);
    void restartIdleTimer();
    void idleTimerFired();

    QDBusConnection m_bus;
    Options m_options;
    HostsKeeper m_keeper;
    ResolverKeeper m_resolverKeeper;
    ResolverReload m_reload;
    ResolvedLink m_link;
    PolkitAuthority m_authority;
    LeaseTable m_leases;
    ResolverCache m_resolvers;
    WriteThrottle m_throttle;
    QDBusServiceWatcher m_callers; // senders with a pending check
    QHash<quint64, PendingCheck> m_pending;
    quint64 m_nextCheck = 0;
    QTimer m_idleTimer;
};
