#pragma once

#include "core/sink/wireentries.h"
#include "helper/hostskeeper.h"
#include "helper/leasetable.h"
#include "helper/polkitauthority.h"
#include "helper/resolvercache.h"

#include <QDBusContext>
#include <QObject>
#include <QTimer>

#include <functional>

// io.github.k8shosts.Helper1 on the system bus: owns the marked blocks of one hosts file
// and nothing else. Every argument is untrusted and validated before polkit is asked; a
// request is taken whole or refused whole; replies to authorized calls are delayed until
// polkit answers, without a nested event loop. The checks and the writing are HostsKeeper's
// (shared with the macOS helper); this class is the D-Bus and polkit side. See
// docs/helper-protocol.md.
class HelperService : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "io.github.k8shosts.Helper1")
    Q_PROPERTY(QString Version READ version CONSTANT)

public:
    struct Options
    {
        QString hostsFile;         // /etc/hosts; only the helper's own command line changes it
        QString policyFile;        // /etc/k8s-hosts/policy.conf
        int idleTimeoutMs = 30000; // 0: never exit
    };

    HelperService(const QDBusConnection &bus, Options options, QObject *parent = nullptr);

    QString version() const;

    // Requests waiting for polkit at once; more are refused rather than queued.
    static constexpr int maxPending = 16;

public Q_SLOTS:
    Q_SCRIPTABLE void SetEntries(const QString &marker, const WireEntries &entries,
                                 bool keepOnDisconnect);
    Q_SCRIPTABLE void Clear(const QString &marker);
    Q_SCRIPTABLE WireEntries GetEntries(const QString &marker);
    Q_SCRIPTABLE void SetPolicy(const QStringList &domains, bool allowPublicIps);

Q_SIGNALS:
    // Nothing to watch and nothing pending for the idle timeout: time to exit.
    void idle();

private:
    // Runs after polkit allowed the call; returns the reply to send.
    using Work = std::function<QDBusMessage(const QDBusMessage &request, uint uid)>;

    void authorizeThen(const QString &action, const QMap<QString, QString> &details, Work work);
    // Sends the outcome's error reply; true when there was one.
    bool refuse(const HostsKeeper::Outcome &outcome);
    QDBusMessage reply(const QDBusMessage &request, const HostsKeeper::Outcome &outcome);
    void leaseExpired(const QString &marker, uint uid);
    void restartIdleTimer();
    void idleTimerFired();

    QDBusConnection m_bus;
    Options m_options;
    HostsKeeper m_keeper;
    PolkitAuthority m_authority;
    LeaseTable m_leases;
    ResolverCache m_resolvers;
    QTimer m_idleTimer;
    int m_pending = 0;
};
