#pragma once

#include "tests/support/apihandler.h"
#include "tests/support/fakecluster.h"
#include "tests/support/faultplan.h"
#include "tests/support/kubeconfigwriter.h"
#include "tests/support/requestauthenticator.h"
#include "tests/support/requestrecord.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <chrono>

class ApiListener;
class HttpConnection;
class QTcpSocket;
class WatchSession;
struct HttpRequest;

// A Kubernetes API server for tests, benchmarks and the demo mode: discovery, GET, paged
// LIST and chunked WATCH of Namespaces, Services, Ingresses, Gateways and HTTPRoutes, over
// HTTP/1.1 with keep-alive, plain or TLS, with bearer-token and client-certificate auth.
// The cluster's state is changed in-process (cluster()); faults are injected per request
// (faults()) or on open connections (the actions below). Everything runs on the thread
// that owns it; clients in the same process must use asynchronous I/O.
class FakeApiServer : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        quint16 port = 0;           // 0: any free port (see port())
        bool tls = false;           // the test-only certificates of TestTls
        QStringList tokens;         // accepted bearer tokens
        bool allowAnonymous = true; // requests without credentials
        std::chrono::milliseconds bookmarkInterval{60000};
        std::chrono::seconds maxWatch{1800}; // watches without timeoutSeconds end after this
    };

    explicit FakeApiServer(QObject *parent = nullptr);
    explicit FakeApiServer(const Options &options, QObject *parent = nullptr);
    ~FakeApiServer() override;

    // Starts listening; after stopListening() it listens again on the same port.
    bool listen(QString *error = nullptr);
    // The server goes away: the listener closes and every connection drops.
    void stopListening();
    bool isListening() const;
    quint16 port() const { return m_options.port; }
    QUrl url() const; // https://127.0.0.1:PORT or http://...
    const Options &options() const { return m_options; }

    FakeCluster &cluster() { return m_cluster; }
    FaultPlan &faults() { return m_faults; }
    ListPager &pager() { return m_handler.pager(); }

    void setTokens(const QStringList &tokens); // e.g. to make a client's token expire
    void setAllowAnonymous(bool allow);
    void setBookmarkInterval(std::chrono::milliseconds interval);

    // A kubeconfig for this server (with the test CA when TLS is on).
    KubeconfigWriter
    kubeconfig(KubeconfigWriter::Credentials credentials = KubeconfigWriter::Credentials::None,
               const QString &token = {}) const;

    // What happened on the wire.
    QList<RequestRecord> requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }
    int openConnections() const { return int(m_connections.size()); }
    int openWatches() const;
    int openWatches(ResourceKind kind) const;

    // Faults on what is open now.
    void dropConnections();     // every TCP connection is cut at once
    void dropWatchesMidEvent(); // each watch gets half an event, then its connection is cut
    void expireWatches();       // compaction: each watch gets ERROR 410 Expired and ends
    void endWatches();          // each watch ends cleanly, as at timeoutSeconds
    void sendBookmarks();       // a BOOKMARK on every watch that allows them
    void writeToWatches(const QByteArray &bytes); // raw bytes (garbage) as one chunk each
    void freezeWatches(); // open watches go silent: no events, no end (a dead peer)

Q_SIGNALS:
    void requestServed(const RequestRecord &record);
    void watchStarted(ResourceKind kind, const QString &namespaceName);
    void watchFinished(ResourceKind kind);

private:
    void onAccepted(QTcpSocket *socket);
    void onRequest(HttpConnection *connection, const HttpRequest &request);
    void answer(HttpConnection *connection, const HttpRequest &request, const QString &user);
    void record(const HttpRequest &request, int status, const QString &user);
    QList<WatchSession *> activeWatches() const;

    Options m_options;
    FakeCluster m_cluster;
    FaultPlan m_faults;
    RequestAuthenticator m_authenticator;
    ApiHandler m_handler;
    ApiListener *m_listener;
    QList<HttpConnection *> m_connections;
    QList<QPointer<WatchSession>> m_watches;
    QList<RequestRecord> m_requests;
};
