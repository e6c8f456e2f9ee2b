#pragma once

#include "core/config/contextconfig.h"
#include "core/kube/contexttransport.h"
#include "core/sync/contextsession.h"

#include <QObject>

class ApiClient;
class CredentialProvider;
class SecretStore;

// One kubeconfig context made live: its transport (TLS, proxy), its credentials (token,
// exec plugin, keychain) and the session that watches it. Credentials come first; a 401
// refreshes them once and the session reconnects with the new ones.
class ContextConnection : public QObject
{
    Q_OBJECT
public:
    ContextConnection(const ContextConfig &config, SecretStore *secrets, Sources sources,
                      const NamespaceSelection &selection, const ContextSession::Options &options,
                      QObject *parent = nullptr);
    ~ContextConnection() override;

    void start();
    const ContextConfig &config() const { return m_config; }
    ContextSession *session() const { return m_session; }
    CredentialProvider *credentials() const { return m_credentials; }
    // Why the context cannot connect at all (bad TLS files, no credentials), or empty.
    QString error() const { return m_error; }

Q_SIGNALS:
    void errorChanged(const QString &error);

private:
    void onUnauthorized();
    void setError(const QString &error);

    ContextConfig m_config;
    ContextTransport m_transport;
    CredentialProvider *m_credentials;
    ApiClient *m_client;
    ContextSession *m_session;
    QString m_error;
    bool m_started = false;
    bool m_refreshing = false;
};
