#include "apiclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>

ApiClient::ApiClient(const QUrl &server, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_network(new QNetworkAccessManager(this))
    , m_ssl(QSslConfiguration::defaultConfiguration())
{
    // The API server is the only peer; a system proxy must not see cluster traffic unless
    // the kubeconfig names one (set by the owner through network()->setProxy()).
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

void ApiClient::setSslConfiguration(const QSslConfiguration &configuration)
{
    m_ssl = configuration;
}

QUrl ApiClient::urlFor(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_server;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(query);
    return url;
}

QNetworkReply *ApiClient::get(const QString &path, const QUrlQuery &query, int idleTimeoutMs)
{
    QNetworkRequest request(urlFor(path, query));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "k8s-hosts/" K8S_HOSTS_VERSION);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(idleTimeoutMs); // Qt's is an inactivity timeout
    if (m_server.scheme() == u"https") {
        request.setSslConfiguration(m_ssl);
        if (m_authorizer)
            m_authorizer(request); // credentials only over TLS, as kubectl does
    }
    return m_network->get(request);
}

int ApiClient::httpStatus(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QString ApiClient::errorMessage(QNetworkReply *reply, const QByteArray &body)
{
    const QJsonObject status = QJsonDocument::fromJson(body).object();
    const QString message = status.value(u"message").toString().left(500);
    if (!message.isEmpty())
        return message;
    const int code = httpStatus(reply);
    if (reply->error() != QNetworkReply::NoError && (code == 0 || code == 200))
        return reply->errorString(); // the connection failed, not the request
    return QStringLiteral("HTTP %1 from %2").arg(code).arg(reply->url().path());
}
