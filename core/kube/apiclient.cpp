#include "core/kube/apiclient.h"

#include "core/log/logevent.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>

ApiClient::ApiClient(const QUrl &server, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_network(new QNetworkAccessManager(this))
{
    // The API server is the only peer; a system proxy must not see cluster traffic unless
    // the kubeconfig names one (set by the owner through network()->setProxy()).
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
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
    QNetworkRequest request;
    if (m_factory) {
        request = m_factory(path, idleTimeoutMs);
        QUrl url = request.url();
        url.setQuery(query);
        request.setUrl(url);
    } else {
        request.setUrl(urlFor(path, query));
        request.setRawHeader("Accept", "application/json");
        request.setTransferTimeout(idleTimeoutMs); // Qt's is an inactivity timeout
    }
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    return m_network->get(request);
}

int ApiClient::httpStatus(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QString ApiClient::errorMessage(QNetworkReply *reply, const QByteArray &body)
{
    const QJsonObject status = QJsonDocument::fromJson(body).object();
    // The server's words: escaped and without credentials it may echo back.
    const QString message = untrusted(status.value(u"message").toString().left(500));
    if (!message.isEmpty())
        return message;
    const int code = httpStatus(reply);
    if (reply->error() != QNetworkReply::NoError && (code == 0 || code == 200))
        return reply->errorString(); // the connection failed, not the request
    return QStringLiteral("HTTP %1 from %2").arg(code).arg(reply->url().path());
}
