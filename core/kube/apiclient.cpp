#include "core/kube/apiclient.h"

#include "core/log/logevent.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>

#include <algorithm>

ApiClient::ApiClient(const QUrl &server, QObject *parent)
    : QObject(parent)
    , m_server(server)
{
    m_network = newManager();
}

QNetworkAccessManager *ApiClient::newManager()
{
    auto *network = new QNetworkAccessManager(this);
    // The API server is the only peer; a system proxy must not see cluster traffic unless
    // the kubeconfig names one (setProxy()).
    network->setProxy(m_network ? m_network->proxy() : QNetworkProxy(QNetworkProxy::NoProxy));
    network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    return network;
}

void ApiClient::setProxy(const QNetworkProxy &proxy)
{
    m_network->setProxy(proxy);
    for (const WatchManager &w : std::as_const(m_watchManagers))
        w.network->setProxy(proxy);
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
    return m_network->get(requestFor(path, query, idleTimeoutMs));
}

QNetworkReply *ApiClient::watch(const QString &path, const QUrlQuery &query, int idleTimeoutMs)
{
    auto manager = std::find_if(m_watchManagers.begin(), m_watchManagers.end(),
                                [](const WatchManager &w) { return w.open < watchesPerManager; });
    if (manager == m_watchManagers.end()) {
        m_watchManagers.append({newManager(), 0});
        manager = m_watchManagers.end() - 1;
    }
    ++manager->open;
    QNetworkAccessManager *network = manager->network;
    QNetworkReply *reply = network->get(requestFor(path, query, idleTimeoutMs));
    // Counted until the reply is gone: every owner deletes its replies.
    connect(reply, &QObject::destroyed, this, [this, network] {
        for (WatchManager &w : m_watchManagers) {
            if (w.network == network)
                --w.open;
        }
    });
    return reply;
}

QNetworkRequest ApiClient::requestFor(const QString &path, const QUrlQuery &query,
                                      int idleTimeoutMs) const
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
    return request;
}

ApiClient::Answer ApiClient::take(QNetworkReply *reply)
{
    reply->deleteLater();
    Answer answer;
    answer.status = httpStatus(reply);
    answer.body = reply->isOpen() ? reply->readAll() : QByteArray();
    answer.cut = reply->error() != QNetworkReply::NoError;
    if (answer.status != 200 || answer.cut)
        answer.error = errorMessage(reply, answer.body);
    return answer;
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
