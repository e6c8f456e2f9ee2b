#pragma once

#include "tests/support/clusterevent.h"
#include "tests/support/objectfilter.h"
#include "tests/support/resourcetype.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class FakeCluster;
class FaultPlan;
class HttpConnection;

// One WATCH request being served: HTTP 200 with chunked transfer encoding, one
// newline-terminated JSON event per line. Starts with synthetic ADDED events (resourceVersion
// "" or "0"), or replays the history after the requested resourceVersion, then follows
// the cluster live. Sends BOOKMARKs when asked to, ends cleanly at timeoutSeconds, and
// answers a compacted resourceVersion with 410 Expired.
class WatchSession : public QObject
{
    Q_OBJECT

public:
    struct Plan
    {
        const ResourceType *type = nullptr;
        ObjectFilter filter;
        QString resourceVersion;
        bool bookmarks = false;
        bool sendInitialEvents = false; // watch-list: ADDED..., then an end-marking BOOKMARK
        std::chrono::seconds timeout{1800};
    };

    WatchSession(HttpConnection *connection, FakeCluster *cluster, FaultPlan *faults, Plan plan,
                 std::chrono::milliseconds bookmarkInterval, QObject *parent = nullptr);

    // Answers the request; finished() follows once the stream has ended, here or later.
    void start();

    const Plan &plan() const { return m_plan; }
    bool isActive() const { return m_active; }
    quint64 eventsSent() const { return m_eventsSent; }

    // Fault and control actions on a running stream.
    void sendBookmark();
    void expire(); // ERROR 410 Expired, then the end of the stream
    void end();    // the clean end, as at timeoutSeconds
    void cutNow(); // half an event, then the connection dropped
    void writeGarbage(const QByteArray &bytes);
    void setFrozen(bool frozen); // a silent connection: open, but nothing is sent

Q_SIGNALS:
    void finished();

private:
    void onEvent(const ClusterEvent &event);
    void writeEvent(const char *type, const QByteArray &objectJson);
    void writeLine(const QByteArray &line);
    QByteArray bookmarkObject(bool initialEventsEnd) const;
    void refuse(int code, const QString &message, const QString &reason = {},
                const QJsonObject &details = {});
    void finish();

    QPointer<HttpConnection> m_connection;
    FakeCluster *m_cluster;
    FaultPlan *m_faults;
    Plan m_plan;
    QTimer m_bookmarkTimer;
    QTimer m_timeoutTimer;
    bool m_active = false;
    bool m_frozen = false;
    bool m_finished = false;
    quint64 m_eventsSent = 0;
    quint64 m_reached = 0; // the resourceVersion this stream has followed the cluster to
};
