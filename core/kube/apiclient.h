#pragma once

#include <QNetworkRequest>
#include <QObject>
#include <QSslConfiguration>
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
    // Adds credentials to a request (the context's token, exec-plugin result, …).
    using Authorizer = std::function<void(QNetworkRequest &)>;

    explicit ApiClient(const QUrl &server, QObject *parent = nullptr);

    QUrl server() const { return m_server; }
    void setSslConfiguration(const QSslConfiguration &configuration);
    void setAuthorizer(Authorizer authorizer) { m_authorizer = std::move(authorizer); }
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
    QSslConfiguration m_ssl;
    Authorizer m_authorizer;
};
