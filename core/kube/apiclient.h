#pragma once

#include <QNetworkRequest>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

// One context's connection to its API server: one QNetworkAccessManager, so every list and
// watch of the context shares its connections (HTTP/2 where the server offers it). All
// requests are built in one place and every reply is owned by its caller.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    // Builds the request for an API path: TLS, credentials, headers (the context's
    // transport). The query is added by the client.
    using RequestFactory = std::function<QNetworkRequest(const QString &path, int idleTimeoutMs)>;

    explicit ApiClient(const QUrl &server, QObject *parent = nullptr);

    QUrl server() const { return m_server; }
    // Without a factory, requests carry no credentials and trust the system's CAs.
    void setRequestFactory(RequestFactory factory) { m_factory = std::move(factory); }
    QNetworkAccessManager *network() const { return m_network; }

    // A request that stays silent for idleTimeoutMs is abandoned: a stalled list page, or a
    // watch whose peer died (bookmarks and timeoutSeconds keep a live watch talking).
    QNetworkReply *get(const QString &path, const QUrlQuery &query = {}, int idleTimeoutMs = 30000);

    // "https://host:6443" + "/apis/…" respecting a server URL with a path prefix (Rancher).
    QUrl urlFor(const QString &path, const QUrlQuery &query) const;

    // The HTTP status of a finished reply, 0 when the connection failed.
    static int httpStatus(QNetworkReply *reply);
    // The Status message of an error body, or the network error when there is none.
    static QString errorMessage(QNetworkReply *reply, const QByteArray &body);

private:
    QUrl m_server;
    QNetworkAccessManager *m_network;
    RequestFactory m_factory;
};
