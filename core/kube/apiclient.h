#pragma once

#include <QList>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

// One context's connection to its API server. Requests that end (discovery, lists) share one
// QNetworkAccessManager; watches, which hold their connection open for minutes, are spread
// over managers of their own, a few per manager: over HTTP/1.1 (plain http, kubectl proxy)
// Qt opens at most six connections per host and manager, and a seventh watch would wait
// for a free one forever. All requests are built in one place and every reply is owned by
// its caller.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    // Builds the request for an API path: TLS, credentials, headers (the context's
    // transport). The query is added by the client.
    using RequestFactory = std::function<QNetworkRequest(const QString &path, int idleTimeoutMs)>;

    explicit ApiClient(const QUrl &server, QObject *parent = nullptr);

    // Watches per QNetworkAccessManager: below Qt's six HTTP/1.1 connections per host.
    static constexpr int watchesPerManager = 5;

    QUrl server() const { return m_server; }
    // Without a factory, requests carry no credentials and trust the system's CAs.
    void setRequestFactory(RequestFactory factory) { m_factory = std::move(factory); }
    // The kubeconfig's proxy-url; without one, no proxy (not the system's).
    void setProxy(const QNetworkProxy &proxy);

    // A request that stays silent for idleTimeoutMs is abandoned: a stalled list page, or a
    // watch whose peer died (bookmarks and timeoutSeconds keep a live watch talking).
    QNetworkReply *get(const QString &path, const QUrlQuery &query = {}, int idleTimeoutMs = 30000);
    // A watch: the same request, on a connection that no list has to wait for.
    QNetworkReply *watch(const QString &path, const QUrlQuery &query, int idleTimeoutMs);

    // "https://host:6443" + "/apis/…" respecting a server URL with a path prefix (Rancher).
    QUrl urlFor(const QString &path, const QUrlQuery &query) const;

    // A finished reply, read once.
    struct Answer
    {
        int status = 0;   // HTTP status, 0 when the connection failed
        QByteArray body;  // what is left to read
        bool cut = false; // the connection failed, whatever the status said
        QString error;    // a sentence, for anything but a whole 200
    };
    // Reads a finished reply and schedules its deletion: every caller reads replies this way.
    static Answer take(QNetworkReply *reply);

    // The HTTP status of a finished reply, 0 when the connection failed.
    static int httpStatus(QNetworkReply *reply);
    // The Status message of an error body, or the network error when there is none.
    static QString errorMessage(QNetworkReply *reply, const QByteArray &body);

private:
    QNetworkRequest requestFor(const QString &path, const QUrlQuery &query,
                               int idleTimeoutMs) const;
    QNetworkAccessManager *newManager();

    struct WatchManager
    {
        QNetworkAccessManager *network;
        int open = 0;
    };

    QUrl m_server;
    QNetworkAccessManager *m_network = nullptr; // discovery, lists, gets
    QList<WatchManager> m_watchManagers;
    RequestFactory m_factory;
};
