#pragma once

#include "core/kube/watcheventparser.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

class ApiClient;
class QNetworkReply;

// Keeps one collection (a resource, cluster-wide or in one namespace) mirrored the way
// client-go's Reflector does: a paged LIST, then a WATCH from the list's resourceVersion
// with bookmarks and a server-side timeout, re-watched from the last version seen when it
// ends. A 410 (compacted history, expired continue token) means a fresh LIST, framed by
// relistStarted()/relistFinished() so the store can drop what vanished meanwhile. Any other
// failure reconnects with exponential backoff and jitter, reset after a stable period; a
// silent connection is abandoned and replaced.
class Reflector : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int pageSize = 500;
        int watchTimeoutSeconds = 0; // 0: random in [300, 600) as client-go does
        int backoffMinMs = 800;
        int backoffMaxMs = 30000;
        int stableAfterMs = 60000;    // a watch alive this long resets the backoff
        int idleMarginMs = 30000;     // silence beyond timeoutSeconds + this is a dead peer
        quint32 seed = 0;             // jitter; 0 = from the system
        int requestTimeoutMs = 15000; // a list page that stalls this long is retried
    };

    enum class State
    {
        Idle,
        Listing,
        Watching,
        BackingOff,
        Stopped
    };
    Q_ENUM(State)

    Reflector(ApiClient *client, QString collectionPath, Options options,
              QObject *parent = nullptr);
    Reflector(ApiClient *client, QString collectionPath, QObject *parent = nullptr)
        : Reflector(client, std::move(collectionPath), Options{}, parent)
    {}
    ~Reflector() override;

    void start();
    void stop();
    // Reconnect now (credentials were refreshed, the network came back).
    void retryNow();

    QString path() const { return m_path; }
    State state() const { return m_state; }
    bool hasSynced() const { return m_synced; }
    QString resourceVersion() const { return m_resourceVersion; }
    int relistCount() const { return m_relists; }
    // While BackingOff: how long until the next try, how many failed in a row, and why.
    int retryInMs() const { return m_retry.isActive() ? m_retry.remainingTime() : 0; }
    int failureCount() const { return m_failures; }
    QString lastError() const { return m_lastError; }
    bool isForbidden() const { return m_forbidden; } // stopped by a 403 for good

Q_SIGNALS:
    void relistStarted();
    void objectUpserted(const QJsonObject &object);
    void objectDeleted(const QJsonObject &object);
    void relistFinished(); // objects not upserted since relistStarted() are gone
    void synced();         // the first complete list
    // HTTP status (0: no connection) and a sentence. 401: refresh credentials, then
    // retryNow(); 403: this scope is not allowed, the reflector has stopped.
    void failed(int status, const QString &message);
    void stateChanged(Reflector::State state);

private:
    void list();
    void onListFinished();
    void watch();
    void onWatchData();
    void onWatchFinished();
    void handleEvent(const WatchEvent &event);
    void relist();
    void fail(int status, const QString &message);
    void backOff();
    void setState(State state);
    void dropReply();

    ApiClient *m_client;
    QString m_path;
    Options m_options;
    State m_state = State::Idle;
    QPointer<QNetworkReply> m_reply;
    WatchEventParser m_parser;
    QString m_resourceVersion;
    QString m_continue;
    bool m_synced = false;
    bool m_relistPending = false; // the current watch asked for a relist
    int m_failures = 0;
    QString m_lastError;
    bool m_forbidden = false;
    int m_relists = 0;
    QElapsedTimer m_watchAge;
    QTimer m_retry;
    QRandomGenerator m_random;
};
