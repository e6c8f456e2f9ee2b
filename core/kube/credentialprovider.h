#pragma once

#include "core/config/contextconfig.h"
#include "core/kube/commandlocator.h"
#include "core/kube/credentials.h"

#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

#include <functional>

class ExecPluginRunner;
class LoginShellPath;
class SecretJob;
class SecretStore;

// The credentials of one context, asynchronously. request() answers with ready() or
// failed(): a static token, the token file (re-read every time, it rotates), basic auth, the
// client certificate, an exec plugin's result (kept until its expirationTimestamp, and in
// the keychain across restarts), or a token the user entered (kept in the keychain). Over
// plain http nothing is sent, as with kubectl. After an HTTP 401, refreshAfterUnauthorized()
// re-runs the plugin once for those credentials.
class CredentialProvider : public QObject
{
    Q_OBJECT

public:
    // `store` may be null (no keychain at all); it must outlive this provider.
    CredentialProvider(const ContextConfig &context, SecretStore *store, QObject *parent = nullptr);
    ~CredentialProvider() override;

    void setEnvironment(const QProcessEnvironment &env);
    void setCommandLocator(const CommandLocator &locator) { m_locator = locator; }
    // Ask the login shell for its PATH when a plugin is not found (on by default).
    void setUseLoginShellPath(bool use) { m_useLoginShell = use; }
    void setPluginTimeout(int milliseconds) { m_pluginTimeout = milliseconds; }
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    // Starts getting credentials; several calls while one is under way share its answer.
    void request();

    // The server answered 401 to a request made with credentials of `generation`. Returns
    // true when new credentials are on their way (ready() or failed() follows): the caller
    // retries once with them. False when nothing can be refreshed (static credentials).
    bool refreshAfterUnauthorized(quint64 generation);

    // Keeps a bearer token the user entered for this context (one without credentials of
    // its own) in the keychain; tokenStored() or failed() follows.
    void storeUserToken(const QByteArray &token);

    // What can be known to be wrong without running anything: the context's own error, an
    // unreadable token file or client key, a missing plugin, interactiveMode Always.
    QString staticProblem() const;

    const Credentials &current() const { return m_current; }

Q_SIGNALS:
    void ready(const Credentials &credentials);
    void failed(const QString &error);
    void tokenStored();

private:
    enum class State
    {
        Idle,
        Resolving,
        ReadingCache,
        LocatingPlugin,
        RunningPlugin,
        ReadingUserToken
    };

    void resolve();
    bool hasStaticCredentials() const;
    bool staticCredentials(Credentials *credentials, QString *error) const;
    QString pluginProblem(const QString &program) const;
    void startExec();
    void locatePlugin();
    void runPlugin(const QString &program);
    void onCacheRead(SecretJob *job);
    void onPluginSucceeded(const Credentials &credentials);
    void onUserTokenRead(SecretJob *job);
    void deliver(Credentials credentials);
    void fail(const QString &error);
    QByteArray cacheFingerprint() const;
    QDateTime now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }

    ContextConfig m_context;
    QPointer<SecretStore> m_store;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    CommandLocator m_locator;
    bool m_useLoginShell = true;
    int m_pluginTimeout = 60000;
    std::function<QDateTime()> m_clock;
    State m_state = State::Idle;
    Credentials m_current;
    bool m_cacheConsulted = false;
    QPointer<ExecPluginRunner> m_runner;
    QPointer<LoginShellPath> m_loginShell;
    static inline quint64 s_generation = 0;
};
