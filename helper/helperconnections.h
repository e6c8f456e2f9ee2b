#pragma once

#include "helper/hostskeeper.h"
#include "helper/leasebook.h"
#include "helper/resolverkeeper.h"
#include "helper/writethrottle.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

// What a caller on macOS may do beyond what its code signature allows: whether its user is
// an administrator, and whether the call carried an authorization an administrator granted
// (Authorization Services, the app asked for it with the system's prompt).
struct CallerRights
{
    bool admin = false;
    bool authorized = false;
};

// The macOS helper's requests, without XPC: a caller is a connection, numbered by the
// listener, whose code signature was checked before it got here. The checks, who may do
// what (permission()), the writing, the caps, the write rate, the leases (a block lives as
// long as its connection, unless kept), the resolver flush and the idle exit are plain C++,
// so the Linux build tests them; helper/macos only turns XPC messages into these calls, on
// the thread this object lives in.
class HelperConnections : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString hostsFile;          // /etc/hosts; only the helper's own command line changes it
        QString policyFile;         // /etc/k8s-hosts/policy.conf
        QString stateDir;           // /var/lib/k8s-hosts (BlockRegistry)
        int writeIntervalMs = 1000; // at most one write of a marker per interval
        int idleTimeoutMs = 30000;  // 0: never exit
        bool requireRootOwned = true;
        QString label;           // the launchd label, for the files of an SMJobBless install
        QString rootDir;         // "" (the real /); tests point the legacy files elsewhere
        bool runCommands = true; // false in tests: the resolver flush is only logged
    };

    explicit HelperConnections(Options options, QObject *parent = nullptr);

    void connectionOpened(quint64 connection);
    // The connection was invalidated (the app quit, crashed or was killed): its leases end.
    void connectionClosed(quint64 connection);

    enum class Operation
    {
        Write,     // SetEntries, Clear
        Uninstall, // the SMJobBless helper's files
    };
    // The code signature lets only k8s-hosts in; who runs it decides the rest. Writes by a
    // user who is not an administrator, a block another uid wrote, and uninstalling need an
    // administrator's authorization. Empty outcome: allowed.
    static HostsKeeper::Outcome permission(uint uid, const CallerRights &rights,
                                           bool ownedByAnother, Operation operation);

    using Reply = std::function<void(const HostsKeeper::Outcome &)>;
    // fieldCount: the length of the array as received; fields: its strings, or none when
    // the array was longer than FlatEntries::maxFields() (then it is refused unread). The
    // reply may come later: one marker is written at most once per write interval.
    void setEntries(quint64 connection, uint uid, const CallerRights &rights, const QString &marker,
                    qsizetype fieldCount, const QStringList &fields, bool keepOnDisconnect,
                    Reply reply);
    HostsKeeper::Outcome clear(quint64 connection, uint uid, const CallerRights &rights,
                               const QString &marker);
    HostsKeeper::Outcome entries(const QString &marker);
    // The local responder for domain, in /etc/resolver/<domain> (ResolverKeeper), leased to
    // the connection unless kept; the same rights as a block. The outcome's message says
    // where.
    HostsKeeper::Outcome registerResolver(quint64 connection, uint uid, const CallerRights &rights,
                                          const QString &domain, const QString &address,
                                          quint16 port, bool keepOnDisconnect);
    HostsKeeper::Outcome unregisterResolver(quint64 connection, uint uid,
                                            const CallerRights &rights, const QString &domain);
    const ResolverKeeper &resolvers() const { return m_resolvers; }
    static QString version();

    // SMJobBless installs only: deletes this helper's launchd plist and executable from
    // /Library (fixed paths, nothing from the caller), when the helper runs from there.
    HostsKeeper::Outcome removeLegacyInstall(uint uid, const CallerRights &rights,
                                             const QString &runningExecutable);
    QString legacyExecutablePath() const;
    QString legacyPlistPath() const;

    bool holdsLeases() const { return !m_leases.isEmpty(); }

    // The commands run (or, in tests, only recorded) after each change.
    QStringList flushLog() const { return m_flushLog; }

Q_SIGNALS:
    // Nothing to watch for the idle timeout: time to exit (launchd starts us again).
    void idle();

private:
    void changed(bool wasChanged);
    void clearOrphanedLeases();
    void endResolverLease(const QString &domain, uint uid, const QString &cause);
    void restartIdleTimer();
    void idleTimerFired();

    Options m_options;
    HostsKeeper m_keeper;
    ResolverKeeper m_resolvers;
    LeaseBook m_leases;
    WriteThrottle m_throttle;
    QTimer m_idleTimer;
    QStringList m_flushLog;
};
