#include "tests/support/watchsession.h"

#include "tests/support/fakecluster.h"
#include "tests/support/faultplan.h"
#include "tests/support/httpconnection.h"
#include "tests/support/statusbody.h"
#include "tests/support/testsupportlog.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

// Synthetic ADDED events go out in chunks of about this size rather than one per event.
constexpr qsizetype InitialChunkBytes = 64 * 1024;

QByteArray eventLine(const char *type, const QByteArray &objectJson)
{
    QByteArray line;
    line.reserve(objectJson.size() + 32);
    line += R"({"type":")";
    line += type;
    line += R"(","object":)";
    line += objectJson;
    line += "}\n";
    return line;
}

} // namespace

WatchSession::WatchSession(HttpConnection *connection, FakeCluster *cluster, FaultPlan *faults,
                           Plan plan, std::chrono::milliseconds bookmarkInterval, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_cluster(cluster)
    , m_faults(faults)
    , m_plan(std::move(plan))
{
    m_bookmarkTimer.setInterval(bookmarkInterval);
    m_timeoutTimer.setSingleShot(true);
    m_timeoutTimer.setInterval(m_plan.timeout);
    connect(&m_bookmarkTimer, &QTimer::timeout, this, &WatchSession::sendBookmark);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &WatchSession::end);
    connect(connection, &HttpConnection::closed, this, &WatchSession::finish);
}

void WatchSession::start()
{
    const QString &requested = m_plan.resourceVersion;
    const bool fromNow = requested.isEmpty() || requested == u"0";
    bool ok = true;
    const quint64 since = fromNow ? 0 : requested.toULongLong(&ok);
    if (!ok || (!fromNow && since == 0) || (!fromNow && requested.startsWith(u'0'))) {
        refuse(400,
               u"resourceVersion: Invalid value: \"%1\": must be a positive integer"_s.arg(
                   requested.left(40)),
               u"BadRequest"_s);
        return;
    }
    if (!fromNow && since > m_cluster->resourceVersion()) {
        const QJsonObject cause{{u"reason"_s, u"ResourceVersionTooLarge"_s},
                                {u"message"_s, u"Too large resource version"_s}};
        refuse(504,
               u"Timeout: Too large resource version: %1, current: %2"_s.arg(since).arg(
                   m_cluster->resourceVersion()),
               u"Timeout"_s,
               QJsonObject{{u"causes"_s, QJsonArray{cause}}, {u"retryAfterSeconds"_s, 1}});
        return;
    }
    std::optional<QList<ClusterEvent>> backlog;
    if (!fromNow) {
        backlog = m_cluster->eventsSince(since);
        if (!backlog && m_faults->expiredWatch() == FaultPlan::ExpiredWatch::HttpGone) {
            refuse(410, u"too old resource version: %1 (%2)"_s.arg(since).arg(
                            m_cluster->compactedResourceVersion()));
            return;
        }
    }

    m_active = true;
    m_reached = fromNow ? m_cluster->resourceVersion() : since;
    m_connection->beginStream();
    if (!fromNow && !backlog) {
        // Today's servers accept the watch, then say 410 inside the stream and end it.
        const QByteArray status =
            StatusBody::json(410, u"too old resource version: %1 (%2)"_s.arg(since).arg(
                                      m_cluster->compactedResourceVersion()));
        writeEvent("ERROR", status);
        end();
        return;
    }
    connect(m_cluster, &FakeCluster::eventRecorded, this, &WatchSession::onEvent);
    if (fromNow) {
        QByteArray batch;
        for (const auto &[key, object] : m_cluster->store(m_plan.type->kind)) {
            if (!m_plan.filter.matches(*object))
                continue;
            batch += eventLine("ADDED", object->json);
            ++m_eventsSent;
            if (batch.size() >= InitialChunkBytes) {
                m_connection->writeChunk(batch);
                batch.clear();
            }
        }
        m_connection->writeChunk(batch);
        if (m_plan.sendInitialEvents)
            writeEvent("BOOKMARK", bookmarkObject(true));
    } else {
        for (const ClusterEvent &event : std::as_const(*backlog)) {
            if (event.kind == m_plan.type->kind)
                onEvent(event);
            if (!m_active)
                return; // a fault cut the stream during the replay
        }
    }
    if (m_plan.bookmarks)
        m_bookmarkTimer.start();
    m_timeoutTimer.start();
}

void WatchSession::onEvent(const ClusterEvent &event)
{
    if (!m_active || event.kind != m_plan.type->kind)
        return;
    m_reached = event.resourceVersion();
    const bool now = m_plan.filter.matches(event.object);
    const bool before = m_plan.filter.matches(event.previous);
    switch (event.type) {
    case ClusterEvent::Type::Added:
        if (now)
            writeEvent("ADDED", event.object->json);
        break;
    case ClusterEvent::Type::Modified:
        // An object that starts or stops matching the selectors appears or vanishes.
        if (now && before)
            writeEvent("MODIFIED", event.object->json);
        else if (now)
            writeEvent("ADDED", event.object->json);
        else if (before)
            writeEvent("DELETED", event.object->json);
        break;
    case ClusterEvent::Type::Deleted:
        if (now)
            writeEvent("DELETED", event.object->json);
        break;
    }
}

void WatchSession::writeEvent(const char *type, const QByteArray &objectJson)
{
    ++m_eventsSent;
    writeLine(eventLine(type, objectJson));
}

void WatchSession::writeLine(const QByteArray &line)
{
    if (!m_active || m_frozen || !m_connection)
        return;
    if (m_faults->takeCut()) {
        // Announce the whole chunk, send half of it, and drop the connection.
        m_connection->writeRaw(QByteArray::number(line.size(), 16) + "\r\n");
        m_connection->writeRaw(QByteArrayView(line).first(line.size() / 2));
        m_active = false;
        m_connection->abort();
        return;
    }
    m_connection->writeChunk(line);
}

QByteArray WatchSession::bookmarkObject(bool initialEventsEnd) const
{
    QJsonObject metadata{{u"resourceVersion"_s, QString::number(m_cluster->resourceVersion())}};
    if (initialEventsEnd)
        metadata.insert(u"annotations", QJsonObject{{u"k8s.io/initial-events-end"_s, u"true"_s}});
    const QJsonObject object{{u"kind"_s, m_plan.type->kindName},
                             {u"apiVersion"_s, m_plan.type->apiVersion()},
                             {u"metadata"_s, metadata}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

void WatchSession::sendBookmark()
{
    if (m_active && m_plan.bookmarks)
        writeEvent("BOOKMARK", bookmarkObject(false));
}

void WatchSession::expire()
{
    if (!m_active)
        return;
    // The version this stream had reached is what the compaction overtook.
    writeEvent("ERROR",
               StatusBody::json(410, u"too old resource version: %1 (%2)"_s.arg(m_reached).arg(
                                         m_cluster->compactedResourceVersion())));
    end();
}

void WatchSession::end()
{
    if (!m_active)
        return;
    // As the real server does shortly before its deadline: tell the client where it is.
    if (m_plan.bookmarks && !m_frozen)
        sendBookmark();
    m_active = false;
    if (m_connection)
        m_connection->endStream();
    finish();
}

void WatchSession::cutNow()
{
    if (!m_active || !m_connection)
        return;
    const QByteArray line = eventLine("BOOKMARK", bookmarkObject(false));
    m_connection->writeRaw(QByteArray::number(line.size(), 16) + "\r\n");
    m_connection->writeRaw(QByteArrayView(line).first(line.size() / 2));
    m_active = false;
    m_connection->abort();
}

void WatchSession::writeGarbage(const QByteArray &bytes)
{
    if (m_active && m_connection)
        m_connection->writeChunk(bytes);
}

void WatchSession::setFrozen(bool frozen)
{
    m_frozen = frozen;
    if (frozen) {
        m_bookmarkTimer.stop();
        m_timeoutTimer.stop(); // a hung server never ends the stream either
    } else if (m_active) {
        if (m_plan.bookmarks)
            m_bookmarkTimer.start();
        m_timeoutTimer.start();
    }
}

void WatchSession::refuse(int code, const QString &message, const QString &reason,
                          const QJsonObject &details)
{
    qCDebug(lcTestSupport) << "watch refused:" << code << message;
    m_connection->respond(code, StatusBody::json(code, message, reason, details));
    finish();
}

void WatchSession::finish()
{
    m_active = false;
    m_bookmarkTimer.stop();
    m_timeoutTimer.stop();
    disconnect(m_cluster, nullptr, this, nullptr);
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished();
}
