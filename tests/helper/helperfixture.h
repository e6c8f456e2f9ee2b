#pragma once

#include <QDBusConnection>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

// Real components for the helper tests, as root: a private system bus (dbus-daemon with
// our D-Bus policy), a real polkitd on it with our actions and a test rules file, the
// helper serving a temporary hosts file, and callers run as unprivileged users. Every
// process it starts is stopped by its PID; every file it installs is removed.
//
// Test identities (polkit rules installed by the fixture):
//   userAccount  may manage hosts, may not change the policy
//   adminAccount may do both
//   "nobody"     has no rule: polkit's defaults (auth_admin) apply, and with no agent
//                to ask for a password that is a denial
class HelperFixture
{
public:
    HelperFixture();
    ~HelperFixture();
    HelperFixture(const HelperFixture &) = delete;
    HelperFixture &operator=(const HelperFixture &) = delete;

    static QString userAccount() { return QStringLiteral("k8shosts-user"); }
    static QString adminAccount() { return QStringLiteral("k8shosts-admin"); }
    static QString otherAccount() { return QStringLiteral("nobody"); }
    // May manage hosts like userAccount, but polkit takes 2 s to say so (a pending check).
    static QString slowAccount() { return QStringLiteral("k8shosts-slow"); }
    // A second user who may manage hosts: not another user's blocks.
    static QString secondAccount() { return QStringLiteral("k8shosts-user2"); }
    // The account a real systemd-resolved drops to (it refuses to run without it), made
    // only by the test that runs one; the bus then reads its policy again.
    static QString resolvedAccount() { return QStringLiteral("systemd-resolve"); }
    bool ensureResolvedAccount(QString *error);
    static uint uidOf(const QString &account);

    // Everything up; false with the reason in *error.
    bool start(QString *error);
    void stop();

    bool startPolkit(QString *error);
    void stopPolkit();
    bool startHelper(QString *error, int idleTimeoutSeconds = 0);
    void stopHelper();
    QProcess *helperProcess() const { return m_helper.get(); }
    QString helperLog(); // everything the helper wrote to stderr so far
    // Waits (with a deadline) until the helper's stderr holds text.
    bool helperLogged(const QString &text);

    QString busAddress() const { return m_busAddress; }
    QDBusConnection bus() const;
    QString hostsPath() const { return m_dir.filePath(QStringLiteral("etc/hosts")); }
    // Who wrote which block, and the leases: the helper's state, in the test's own folder.
    QString stateDir() const { return m_dir.filePath(QStringLiteral("var/lib/k8s-hosts")); }
    // Between two writes of one block; 0 in tests, unless a test checks the rate limit.
    int writeIntervalMs = 0;
    // The helper runs in a network namespace of its own (unshare -n): what it does to network
    // links stays off this machine.
    bool helperInOwnNetwork = false;
    // Where the helper finds /etc/resolv.conf, /etc/dnsmasq.d, … (--resolver-root).
    QString resolverRoot() const { return m_dir.filePath(QStringLiteral("root")); }
    QString policyPath() const
    {
        return m_dir.filePath(QStringLiteral("etc/k8s-hosts/policy.conf"));
    }
    QByteArray readHosts() const;
    void writeHosts(const QByteArray &content) const;
    ino_t hostsInode() const;

    // Runs the caller as account with this request and returns its JSON answer.
    QJsonObject call(const QString &account, const QJsonObject &request);
    // Starts a caller that keeps its connection after answering; *answer gets its line.
    std::unique_ptr<QProcess> startStaying(const QString &account, QJsonObject request,
                                           QJsonObject *answer);
    // Kills a caller with SIGKILL and waits until the bus has dropped its connection and
    // the helper has handled everything the bus told it before that.
    bool killAndSettle(QProcess *caller, const QString &uniqueName);
    // Starts a caller and returns at once; its answer is one JSON line on its stdout.
    std::unique_ptr<QProcess> launchCaller(const QString &account, const QJsonObject &request);

private:
    bool waitForName(const QString &name, QString *error);
    bool ensureAccount(const QString &account, QString *error);
    bool installPolkitFiles(QString *error);
    void removePolkitFiles();
    static void stopProcess(std::unique_ptr<QProcess> &process);

    QTemporaryDir m_dir;
    QString m_busAddress;
    QString m_connectionName;
    QString m_callerPath;
    QString m_actionsFile;
    QString m_rulesFile;
    QByteArray m_helperLog;
    std::unique_ptr<QProcess> m_bus;
    std::unique_ptr<QProcess> m_polkit;
    std::unique_ptr<QProcess> m_helper;
};
