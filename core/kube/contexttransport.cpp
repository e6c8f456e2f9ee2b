#include "core/kube/contexttransport.h"

#include "core/kube/clientidentity.h"
#include "core/kube/clusterproxy.h"

#include <QUrlQuery>

ContextTransport::ContextTransport(const ContextConfig &context, const QProcessEnvironment &env)
    : m_contextName(context.name)
    , m_server(context.cluster.serverUrl)
    , m_tlsServerName(context.cluster.tlsServerName)
    , m_insecure(context.cluster.insecureSkipTlsVerify)
    , m_disableCompression(context.cluster.disableCompression)
{
    if (!context.cluster.certificateAuthorityData.isEmpty()) {
        m_caCertificates = QSslCertificate::fromData(context.cluster.certificateAuthorityData);
        if (m_caCertificates.isEmpty())
            m_error = QStringLiteral("context \"%1\": the certificate authority of cluster "
                                     "\"%2\" holds no PEM certificate; fix "
                                     "certificate-authority(-data)")
                          .arg(context.name, context.clusterName);
    }
    QString proxyError;
    m_proxy = context.cluster.proxyUrl.isEmpty()
                  ? ClusterProxy::fromEnvironment(m_server, env)
                  : ClusterProxy::fromProxyUrl(context.cluster.proxyUrl, &proxyError);
    if (m_error.isEmpty() && !proxyError.isEmpty())
        m_error = QStringLiteral("context \"%1\": %2").arg(context.name, proxyError);
}

QSslConfiguration ContextTransport::sslConfiguration(const Credentials &credentials) const
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    if (m_insecure) {
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    } else {
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        // With a CA configured, only that CA is trusted, not the system's roots.
        if (!m_caCertificates.isEmpty())
            ssl.setCaCertificates(m_caCertificates);
    }
    if (!credentials.clientCertificatePem.isEmpty()) {
        QString error;
        const ClientIdentity identity = ClientIdentity::fromPem(credentials.clientCertificatePem,
                                                                credentials.clientKeyPem, &error);
        if (!identity.isNull()) {
            ssl.setLocalCertificateChain(QList<QSslCertificate>{identity.certificate()} +
                                         identity.intermediates());
            ssl.setPrivateKey(identity.key());
        }
    }
    return ssl;
}

QUrl ContextTransport::url(const QString &apiPath) const
{
    QUrl url = m_server;
    const qsizetype query = apiPath.indexOf(u'?');
    QString path = query < 0 ? apiPath : apiPath.left(query);
    QString prefix = url.path();
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    if (!path.startsWith(u'/'))
        path.prepend(u'/');
    url.setPath(prefix + path);
    if (query >= 0)
        url.setQuery(apiPath.mid(query + 1));
    return url;
}

QNetworkRequest ContextTransport::prepareRequest(const QString &apiPath,
                                                 const Credentials &credentials,
                                                 int transferTimeoutMs) const
{
    QNetworkRequest request(url(apiPath));
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("k8s-hosts/%1").arg(QStringLiteral(K8S_HOSTS_VERSION)));
    request.setTransferTimeout(transferTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (m_disableCompression)
        request.setRawHeader("Accept-Encoding", "identity");
    if (!isHttps())
        return request; // kubectl sends no credentials over plain http
    request.setSslConfiguration(sslConfiguration(credentials));
    if (!m_tlsServerName.isEmpty())
        request.setPeerVerifyName(m_tlsServerName);
    const QByteArray authorization = credentials.authorization();
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    return request;
}
