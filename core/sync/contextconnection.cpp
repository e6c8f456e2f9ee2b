#include "core/sync/contextconnection.h"

#include "core/kube/apiclient.h"
#include "core/kube/credentialprovider.h"

#include <QNetworkAccessManager>

ContextConnection::ContextConnection(const ContextConfig &config, SecretStore *secrets,
                                     Sources sources, const NamespaceSelection &selection,
                                     const ContextSession::Options &options, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_transport(config)
    , m_credentials(new CredentialProvider(config, secrets, this))
    , m_client(new ApiClient(m_transport.server(), this))
    , m_session(new ContextSession(config.name, m_client, sources, selection, config.namespaceName,
                                   options, this))
{
    m_client->setProxy(m_transport.proxy());
    m_client->setRequestFactory([this](const QString &path, int timeoutMs) {
        return m_transport.prepareRequest(path, m_credentials->current(), timeoutMs);
    });
    connect(m_credentials, &CredentialProvider::ready, this, [this] {
        setError({});
        m_refreshing = false;
        if (!m_started) {
            m_started = true;
            m_session->start();
        } else {
            m_session->credentialsRefreshed();
        }
    });
    connect(m_credentials, &CredentialProvider::failed, this, [this](const QString &error) {
        m_refreshing = false;
        setError(QStringLiteral("context %1: %2").arg(m_config.name, error));
    });
    connect(m_session, &ContextSession::unauthorized, this, &ContextConnection::onUnauthorized);
    connect(m_session, &ContextSession::statusChanged, this, [this](ContextSession::Status status) {
        if (status == ContextSession::Status::Synced)
            setError({}); // whatever failed before works now
    });
}

ContextConnection::~ContextConnection() = default;

void ContextConnection::start()
{
    if (!m_config.isUsable()) {
        setError(QStringLiteral("context %1: %2").arg(m_config.name, m_config.error));
        return;
    }
    if (!m_transport.error().isEmpty()) {
        setError(QStringLiteral("context %1: %2").arg(m_config.name, m_transport.error()));
        return;
    }
    m_credentials->request();
}

void ContextConnection::onUnauthorized()
{
    // Several collections see the same 401 at once: one refresh serves them all.
    if (m_refreshing)
        return;
    if (m_credentials->refreshAfterUnauthorized(m_credentials->current().generation)) {
        m_refreshing = true;
        return;
    }
    setError(QStringLiteral("context %1: the API server rejected the credentials (HTTP 401); "
                            "check users[%2] in your kubeconfig or log in again")
                 .arg(m_config.name, m_config.userName));
}

void ContextConnection::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    if (!error.isEmpty())
        m_session->markFailed(error);
    Q_EMIT errorChanged(error);
}
