// The fake API server's WATCH: framing, initial events, resuming from a resourceVersion,
// bookmarks, timeouts, compaction (410 in the stream or as HTTP), selectors, watch-list, and
// the faults on open streams (cut mid-event, garbage, silence). Events are read with the
// project's own WatchEventParser through QNetworkAccessManager, as the app will read them.
#include "core/kube/watcheventparser.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"
#include "tests/support/seedworkload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// One open watch, read incrementally.
struct Watch
{
    std::unique_ptr<QNetworkReply> reply;
    WatchEventParser parser;
    QList<WatchEvent> events;
    QStringList errors;
    bool finished = false;

    int status() const
    {
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }
    void take(const QList<WatchEventParser::Output> &outputs)
    {
        for (const auto &output : outputs) {
            if (output.isError())
                errors << output.error;
            else
                events << output.event;
        }
    }
    // "ADDED ns/name@rv", "BOOKMARK @rv", "ERROR 410"
    QStringList described() const
    {
        QStringList lines;
        static const char *types[] = {"ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"};
        for (const WatchEvent &event : events) {
            QString line = QString::fromLatin1(types[int(event.type)]) + u' ';
            if (event.type == WatchEvent::Type::Error) {
                line += QString::number(event.statusCode());
            } else {
                const QJsonObject metadata = event.object.value(u"metadata").toObject();
                if (event.type != WatchEvent::Type::Bookmark) {
                    line += metadata.value(u"namespace").toString() + u'/' +
                            metadata.value(u"name").toString();
                }
                line += u'@' + event.resourceVersion();
            }
            lines << line;
        }
        return lines;
    }
};

QString describe(const QString &type, const QString &ns, const QString &name, quint64 rv)
{
    return u"%1 %2/%3@%4"_s.arg(type, ns, name).arg(rv);
}

} // namespace

class TestFakeApiServerWatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void initialEventsThenLiveChanges();
    void resumeReplaysHistoryExactly();
    void streamIsChunkedJson();
    void bookmarks();
    void timeoutEndsCleanly();
    void compactedVersion_data();
    void compactedVersion();
    void expireAndEndOpenWatches();
    void refusedVersions();
    void cutMidEvent_data();
    void cutMidEvent();
    void garbageLines();
    void frozenWatchGoesSilent();
    void selectorTransitions();
    void namespacedWatch();
    void watchList();
    void fiftyThousandIngresses();

private:
    void start(int namespaces = 2, int ingresses = 3);
    std::unique_ptr<Watch> watch(const QString &pathAndQuery);
    QNetworkReply::NetworkError get(const QString &pathAndQuery, int *status, QJsonObject *body);

    std::unique_ptr<FakeApiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestFakeApiServerWatch::init()
{
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestFakeApiServerWatch::cleanup()
{
    m_network.reset();
    m_server.reset();
}

void TestFakeApiServerWatch::start(int namespaces, int ingresses)
{
    m_server = std::make_unique<FakeApiServer>();
    QString error;
    QVERIFY2(m_server->listen(&error), qPrintable(error));
    SeedWorkload workload;
    workload.namespaces = namespaces;
    workload.ingressesPerNamespace = ingresses;
    workload.populate(m_server->cluster());
}

std::unique_ptr<Watch> TestFakeApiServerWatch::watch(const QString &pathAndQuery)
{
    auto opened = std::make_unique<Watch>();
    Watch *w = opened.get();
    w->reply.reset(
        m_network->get(QNetworkRequest(QUrl(m_server->url().toString() + pathAndQuery))));
    connect(w->reply.get(), &QNetworkReply::readyRead, this,
            [w] { w->take(w->parser.feed(w->reply->readAll())); });
    connect(w->reply.get(), &QNetworkReply::finished, this, [w] {
        w->take(w->parser.feed(w->reply->readAll()));
        w->take(w->parser.finish());
        w->finished = true;
    });
    return opened;
}

QNetworkReply::NetworkError TestFakeApiServerWatch::get(const QString &pathAndQuery, int *status,
                                                        QJsonObject *body)
{
    std::unique_ptr<QNetworkReply> reply(
        m_network->get(QNetworkRequest(QUrl(m_server->url().toString() + pathAndQuery))));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(30000))
        return QNetworkReply::TimeoutError;
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    *body = QJsonDocument::fromJson(reply->readAll()).object();
    return reply->error();
}

void TestFakeApiServerWatch::initialEventsThenLiveChanges()
{
    start();
    FakeCluster &cluster = m_server->cluster();
    auto w = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(w->events.size(), 6, 10000);
    QCOMPARE(w->status(), 200);
    for (const WatchEvent &event : std::as_const(w->events)) {
        QCOMPARE(event.type, WatchEvent::Type::Added);
        QCOMPARE(event.object.value(u"kind").toString(), u"Ingress"_s);
        QCOMPARE(event.object.value(u"apiVersion").toString(), u"networking.k8s.io/v1"_s);
    }

    const quint64 created = cluster.create(
        ResourceKind::Ingress, KubeObjects::ingress(u"ns-0001"_s, u"new"_s, {u"new.test"_s}));
    QJsonObject changed = *cluster.object(ResourceKind::Ingress, u"ns-0002"_s, u"ing-0001"_s);
    changed.insert(u"spec", QJsonObject{{u"ingressClassName"_s, u"other"_s}});
    const quint64 modified = cluster.update(ResourceKind::Ingress, changed);
    const quint64 deleted = cluster.remove(ResourceKind::Ingress, u"ns-0001"_s, u"ing-0003"_s);
    cluster.create(ResourceKind::Service,
                   KubeObjects::loadBalancerService(u"ns-0001"_s, u"not-an-ingress"_s, {}));

    QTRY_COMPARE_WITH_TIMEOUT(w->events.size(), 9, 10000);
    QCOMPARE(w->described().mid(6),
             (QStringList{describe(u"ADDED"_s, u"ns-0001"_s, u"new"_s, created),
                          describe(u"MODIFIED"_s, u"ns-0002"_s, u"ing-0001"_s, modified),
                          describe(u"DELETED"_s, u"ns-0001"_s, u"ing-0003"_s, deleted)}));
    QCOMPARE(w->events.at(7).object,
             *cluster.object(ResourceKind::Ingress, u"ns-0002"_s, u"ing-0001"_s));
    QVERIFY(w->errors.isEmpty());
    QCOMPARE(m_server->openWatches(ResourceKind::Ingress), 1);
}

void TestFakeApiServerWatch::resumeReplaysHistoryExactly()
{
    start();
    FakeCluster &cluster = m_server->cluster();
    const quint64 from = cluster.resourceVersion();
    auto live =
        watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(from));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, 10000);
    QVERIFY(live->events.isEmpty()); // nothing happened after `from` yet

    cluster.create(ResourceKind::Ingress, KubeObjects::ingress(u"ns-0003"_s, u"a"_s, {}));
    cluster.remove(ResourceKind::Ingress, u"ns-0001"_s, u"ing-0001"_s);
    cluster.remove(ResourceKind::Namespace, {}, u"ns-0002"_s); // cascades to its Ingresses
    QTRY_COMPARE_WITH_TIMEOUT(live->events.size(), 5, 10000);

    // A watch from the same version, opened afterwards, replays exactly the same events.
    auto replay =
        watch(u"/apis/networking.k8s.io/v1/ingresses?watch=true&resourceVersion=%1"_s.arg(from));
    QTRY_COMPARE_WITH_TIMEOUT(replay->events.size(), 5, 10000);
    QCOMPARE(replay->described(), live->described());
    QCOMPARE(replay->described().first(),
             describe(u"ADDED"_s, u"ns-0003"_s, u"a"_s, from + 2)); // +1 created ns-0003
    QCOMPARE(replay->described().at(2).left(21), u"DELETED ns-0002/ing-0"_s);

    // And from the middle: only what came after.
    auto middle =
        watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(from + 3));
    QTRY_COMPARE_WITH_TIMEOUT(middle->events.size(), 3, 10000);
    QCOMPARE(middle->described(), live->described().mid(2));
}

void TestFakeApiServerWatch::streamIsChunkedJson()
{
    start(1, 1);
    QTcpSocket socket;
    socket.connectToHost(m_server->url().host(), m_server->port());
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
    socket.write("GET /apis/networking.k8s.io/v1/ingresses?watch=1&timeoutSeconds=1 HTTP/1.1\r\n"
                 "Host: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(received.contains("0\r\n\r\n"), 10000);
    const qsizetype headerEnd = received.indexOf("\r\n\r\n");
    const QByteArray head = received.left(headerEnd);
    QVERIFY2(head.startsWith("HTTP/1.1 200 OK\r\n"), head.constData());
    QVERIFY(head.contains("\r\nContent-Type: application/json\r\n"));
    QVERIFY(head.contains("\r\nTransfer-Encoding: chunked"));
    // One chunk: its size in hex, the event line ending in '\n', then the terminating chunk.
    QByteArray body = received.mid(headerEnd + 4);
    const qsizetype sizeEnd = body.indexOf("\r\n");
    bool ok = false;
    const int size = body.left(sizeEnd).toInt(&ok, 16);
    QVERIFY(ok);
    const QByteArray chunk = body.mid(sizeEnd + 2, size);
    QVERIFY(chunk.startsWith(R"({"type":"ADDED","object":{)"));
    QVERIFY(chunk.endsWith("}\n"));
    QCOMPARE(chunk.count('\n'), 1);
    QCOMPARE(body.mid(sizeEnd + 2 + size), QByteArray("\r\n0\r\n\r\n"));
    // Keep-alive: the connection serves the next request after the watch ended.
    received.clear();
    socket.write("GET /version HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(received.contains("gitVersion"), 10000);
}

void TestFakeApiServerWatch::bookmarks()
{
    start();
    FakeCluster &cluster = m_server->cluster();
    auto with = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&allowWatchBookmarks=true"
                      "&resourceVersion=%1"_s.arg(cluster.resourceVersion()));
    auto without = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(
        cluster.resourceVersion()));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 2, 10000);
    // Writes to other kinds move the resourceVersion on; the bookmark says so.
    cluster.create(ResourceKind::Namespace, KubeObjects::namespaceObject(u"quiet"_s));
    m_server->sendBookmarks();
    QTRY_COMPARE_WITH_TIMEOUT(with->events.size(), 1, 10000);
    const WatchEvent bookmark = with->events.constFirst();
    QCOMPARE(bookmark.type, WatchEvent::Type::Bookmark);
    QCOMPARE(bookmark.resourceVersion(), QString::number(cluster.resourceVersion()));
    QCOMPARE(bookmark.object.value(u"kind").toString(), u"Ingress"_s);
    QCOMPARE(bookmark.object.value(u"apiVersion").toString(), u"networking.k8s.io/v1"_s);

    // Periodic bookmarks, only where they were allowed.
    m_server->setBookmarkInterval(std::chrono::milliseconds(50));
    auto periodic = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&allowWatchBookmarks=1"
                          "&resourceVersion=%1"_s.arg(cluster.resourceVersion()));
    QTRY_VERIFY_WITH_TIMEOUT(periodic->events.size() >= 3, 10000);
    for (const WatchEvent &event : std::as_const(periodic->events))
        QCOMPARE(event.type, WatchEvent::Type::Bookmark);
    cluster.create(ResourceKind::Ingress, KubeObjects::ingress(u"ns-0001"_s, u"marker"_s, {}));
    QTRY_COMPARE_WITH_TIMEOUT(without->events.size(), 1, 10000);
    QCOMPARE(without->events.constFirst().type, WatchEvent::Type::Added);
}

void TestFakeApiServerWatch::timeoutEndsCleanly()
{
    start();
    auto w = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&timeoutSeconds=1"
                   "&allowWatchBookmarks=true&resourceVersion=%1"_s.arg(
                       m_server->cluster().resourceVersion()));
    QTRY_VERIFY_WITH_TIMEOUT(w->finished, 10000);
    QCOMPARE(w->reply->error(), QNetworkReply::NoError);
    QCOMPARE(w->status(), 200);
    // No ERROR at a timeout; a final bookmark tells the client where to resume.
    QCOMPARE(w->events.size(), 1);
    QCOMPARE(w->events.constFirst().type, WatchEvent::Type::Bookmark);
    QVERIFY(w->errors.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 0, 10000);
}

void TestFakeApiServerWatch::compactedVersion_data()
{
    QTest::addColumn<FaultPlan::ExpiredWatch>("style");
    QTest::newRow("ERROR event in a 200 stream") << FaultPlan::ExpiredWatch::InStreamError;
    QTest::newRow("HTTP 410") << FaultPlan::ExpiredWatch::HttpGone;
}

void TestFakeApiServerWatch::compactedVersion()
{
    QFETCH(FaultPlan::ExpiredWatch, style);
    start();
    FakeCluster &cluster = m_server->cluster();
    m_server->faults().setExpiredWatch(style);
    const quint64 old = cluster.resourceVersion();
    cluster.setHistoryLimit(2);
    for (int i = 0; i < 3; ++i)
        cluster.create(ResourceKind::Ingress,
                       KubeObjects::ingress(u"ns-0001"_s, u"n%1"_s.arg(i), {}));
    QVERIFY(cluster.compactedResourceVersion() > old);

    auto w = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(old));
    QTRY_VERIFY_WITH_TIMEOUT(w->finished, 10000);
    if (style == FaultPlan::ExpiredWatch::InStreamError) {
        QCOMPARE(w->status(), 200);
        QCOMPARE(w->events.size(), 1);
        const WatchEvent error = w->events.constFirst();
        QCOMPARE(error.type, WatchEvent::Type::Error);
        QCOMPARE(error.statusCode(), 410);
        QCOMPARE(error.object.value(u"kind").toString(), u"Status"_s);
        QCOMPARE(error.object.value(u"reason").toString(), u"Expired"_s);
        QCOMPARE(error.object.value(u"message").toString(),
                 u"too old resource version: %1 (%2)"_s.arg(old).arg(
                     cluster.compactedResourceVersion()));
    } else {
        QCOMPARE(w->status(), 410);
        QCOMPARE(QJsonDocument::fromJson(w->reply->readAll()).isNull(), true); // already read
    }
    // From the compacted revision on, watching works again.
    auto fresh = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(
        cluster.compactedResourceVersion()));
    QTRY_COMPARE_WITH_TIMEOUT(fresh->events.size(), 2, 10000);
}

void TestFakeApiServerWatch::expireAndEndOpenWatches()
{
    start();
    const QString path = u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(
        m_server->cluster().resourceVersion());
    auto first = watch(path);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, 10000);
    const quint64 reached = m_server->cluster().resourceVersion();
    m_server->expireWatches();
    QTRY_VERIFY_WITH_TIMEOUT(first->finished, 10000);
    QCOMPARE(first->reply->error(), QNetworkReply::NoError);
    QCOMPARE(first->described(), QStringList{u"ERROR 410"_s});
    QCOMPARE(first->events.constFirst().object.value(u"message").toString(),
             u"too old resource version: %1 (%2)"_s.arg(reached).arg(
                 m_server->cluster().compactedResourceVersion()));

    auto second = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(
        m_server->cluster().resourceVersion()));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, 10000);
    m_server->endWatches();
    QTRY_VERIFY_WITH_TIMEOUT(second->finished, 10000);
    QCOMPARE(second->reply->error(), QNetworkReply::NoError);
    QVERIFY(second->events.isEmpty());
}

void TestFakeApiServerWatch::refusedVersions()
{
    start();
    int status = 0;
    QJsonObject body;
    const quint64 now = m_server->cluster().resourceVersion();
    get(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(now + 10), &status,
        &body);
    QCOMPARE(status, 504);
    QCOMPARE(body.value(u"details")
                 .toObject()
                 .value(u"causes")
                 .toArray()
                 .first()
                 .toObject()
                 .value(u"reason"),
             u"ResourceVersionTooLarge"_s);
    for (const QString &bad : {u"abc"_s, u"007"_s, u"-5"_s}) {
        get(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion="_s + bad, &status,
            &body);
        QCOMPARE(status, 400);
        QCOMPARE(body.value(u"kind").toString(), u"Status"_s);
    }
    get(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersionMatch=NotOlderThan"_s,
        &status, &body);
    QCOMPARE(status, 422);
    QCOMPARE(m_server->openWatches(), 0);
}

void TestFakeApiServerWatch::cutMidEvent_data()
{
    QTest::addColumn<bool>("armed");
    QTest::newRow("the next event is cut") << true;
    QTest::newRow("cut now") << false;
}

void TestFakeApiServerWatch::cutMidEvent()
{
    QFETCH(bool, armed);
    start();
    auto w = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(
        m_server->cluster().resourceVersion()));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, 10000);
    if (armed) {
        m_server->faults().cutWatchEvents(1);
        m_server->cluster().create(ResourceKind::Ingress,
                                   KubeObjects::ingress(u"ns-0001"_s, u"cut"_s, {u"cut.test"_s}));
    } else {
        m_server->dropWatchesMidEvent();
    }
    QTRY_VERIFY_WITH_TIMEOUT(w->finished, 10000);
    QVERIFY(w->reply->error() != QNetworkReply::NoError);
    QVERIFY(w->events.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 0, 10000);
    // The cut is used up: the next watch is whole.
    auto next = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(
        m_server->cluster().resourceVersion() - (armed ? 1 : 0)));
    if (armed) {
        QTRY_COMPARE_WITH_TIMEOUT(next->events.size(), 1, 10000);
        QCOMPARE(next->events.constFirst().object.value(u"metadata").toObject().value(u"name"),
                 u"cut"_s);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, 10000);
}

void TestFakeApiServerWatch::garbageLines()
{
    start();
    auto w = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(
        m_server->cluster().resourceVersion()));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, 10000);
    m_server->writeToWatches("this is not json\n{\"type\":\"ADDED\"}\n");
    m_server->cluster().create(ResourceKind::Ingress,
                               KubeObjects::ingress(u"ns-0001"_s, u"after"_s, {}));
    QTRY_COMPARE_WITH_TIMEOUT(w->events.size(), 1, 10000);
    QCOMPARE(w->errors.size(), 2);
    QCOMPARE(w->events.constFirst().object.value(u"metadata").toObject().value(u"name"),
             u"after"_s);
    QVERIFY(!w->finished);
}

void TestFakeApiServerWatch::frozenWatchGoesSilent()
{
    start();
    FakeCluster &cluster = m_server->cluster();
    const quint64 from = cluster.resourceVersion();
    auto frozen = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&allowWatchBookmarks=1"
                        "&resourceVersion=%1"_s.arg(from));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, 10000);
    m_server->freezeWatches();
    cluster.create(ResourceKind::Ingress, KubeObjects::ingress(u"ns-0001"_s, u"unseen"_s, {}));
    m_server->sendBookmarks();
    // A new watch from the same place sees the write the frozen one never gets.
    auto replacement =
        watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=%1"_s.arg(from));
    QTRY_COMPARE_WITH_TIMEOUT(replacement->events.size(), 1, 10000);
    QVERIFY(frozen->events.isEmpty());
    QVERIFY(!frozen->finished);
    QCOMPARE(m_server->openWatches(), 2);
}

void TestFakeApiServerWatch::selectorTransitions()
{
    start();
    FakeCluster &cluster = m_server->cluster();
    auto w = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&labelSelector=app%3Dweb"
                   "&resourceVersion=%1"_s.arg(cluster.resourceVersion()));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, 10000);
    const auto relabel = [&](const QString &app) {
        QJsonObject object = *cluster.object(ResourceKind::Ingress, u"ns-0001"_s, u"ing-0002"_s);
        QJsonObject metadata = object.value(u"metadata").toObject();
        metadata.insert(u"labels", QJsonObject{{u"app"_s, app}});
        object.insert(u"metadata", metadata);
        return cluster.update(ResourceKind::Ingress, object);
    };
    const quint64 joined = relabel(u"web"_s);
    const quint64 stayed = relabel(u"web"_s);
    const quint64 left = relabel(u"db"_s);
    relabel(u"cache"_s); // matches neither before nor after: nothing
    cluster.remove(ResourceKind::Ingress, u"ns-0002"_s, u"ing-0001"_s);
    const quint64 last = relabel(u"web"_s);
    QTRY_COMPARE_WITH_TIMEOUT(w->events.size(), 4, 10000);
    QCOMPARE(w->described(),
             (QStringList{describe(u"ADDED"_s, u"ns-0001"_s, u"ing-0002"_s, joined),
                          describe(u"MODIFIED"_s, u"ns-0001"_s, u"ing-0002"_s, stayed),
                          describe(u"DELETED"_s, u"ns-0001"_s, u"ing-0002"_s, left),
                          describe(u"ADDED"_s, u"ns-0001"_s, u"ing-0002"_s, last)}));
}

void TestFakeApiServerWatch::namespacedWatch()
{
    start();
    FakeCluster &cluster = m_server->cluster();
    auto w = watch(u"/apis/networking.k8s.io/v1/namespaces/ns-0002/ingresses?watch=1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(w->events.size(), 3, 10000);
    cluster.create(ResourceKind::Ingress, KubeObjects::ingress(u"ns-0001"_s, u"elsewhere"_s, {}));
    const quint64 here =
        cluster.create(ResourceKind::Ingress, KubeObjects::ingress(u"ns-0002"_s, u"here"_s, {}));
    QTRY_COMPARE_WITH_TIMEOUT(w->events.size(), 4, 10000);
    QCOMPARE(w->described().constLast(), describe(u"ADDED"_s, u"ns-0002"_s, u"here"_s, here));
    for (const WatchEvent &event : std::as_const(w->events))
        QCOMPARE(event.object.value(u"metadata").toObject().value(u"namespace"), u"ns-0002"_s);
}

void TestFakeApiServerWatch::watchList()
{
    start();
    auto w = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&sendInitialEvents=true"
                   "&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"_s);
    QTRY_COMPARE_WITH_TIMEOUT(w->events.size(), 7, 10000);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(w->events.at(i).type, WatchEvent::Type::Added);
    const WatchEvent end = w->events.constLast();
    QCOMPARE(end.type, WatchEvent::Type::Bookmark);
    QCOMPARE(end.resourceVersion(), QString::number(m_server->cluster().resourceVersion()));
    QCOMPARE(end.object.value(u"metadata")
                 .toObject()
                 .value(u"annotations")
                 .toObject()
                 .value(u"k8s.io/initial-events-end"),
             u"true"_s);
    int status = 0;
    QJsonObject body;
    get(u"/apis/networking.k8s.io/v1/ingresses?watch=1&sendInitialEvents=true"_s, &status, &body);
    QCOMPARE(status, 422);
    QCOMPARE(body.value(u"reason").toString(), u"Invalid"_s);
}

void TestFakeApiServerWatch::fiftyThousandIngresses()
{
    start(100, 500);
    FakeCluster &cluster = m_server->cluster();
    QCOMPARE(cluster.count(ResourceKind::Ingress), 50000);

    int status = 0;
    QJsonObject body;
    QCOMPARE(get(u"/apis/networking.k8s.io/v1/ingresses"_s, &status, &body),
             QNetworkReply::NoError);
    QCOMPARE(body.value(u"items").toArray().size(), 50000);

    int pages = 0;
    qsizetype items = 0;
    QString token;
    do {
        get(u"/apis/networking.k8s.io/v1/ingresses?limit=500"_s +
                (token.isEmpty() ? QString() : u"&continue="_s + token),
            &status, &body);
        QCOMPARE(status, 200);
        items += body.value(u"items").toArray().size();
        token = body.value(u"metadata").toObject().value(u"continue").toString();
        ++pages;
    } while (!token.isEmpty());
    QCOMPARE(pages, 100);
    QCOMPARE(items, 50000);

    auto w = watch(u"/apis/networking.k8s.io/v1/ingresses?watch=1&resourceVersion=0"_s);
    QTRY_COMPARE_WITH_TIMEOUT(w->events.size(), 50000, 120000);
    cluster.remove(ResourceKind::Ingress, u"ns-0050"_s, u"ing-0250"_s);
    QTRY_COMPARE_WITH_TIMEOUT(w->events.size(), 50001, 30000);
    QCOMPARE(w->events.constLast().type, WatchEvent::Type::Deleted);
    QVERIFY(w->errors.isEmpty());
}

QTEST_GUILESS_MAIN(TestFakeApiServerWatch)
#include "tst_fakeapiserverwatch.moc"
