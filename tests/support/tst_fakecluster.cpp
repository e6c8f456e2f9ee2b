// FakeCluster: the resourceVersion rules of a real API server, the history watches resume
// from, compaction, and namespace life cycle.
#include "tests/support/fakecluster.h"
#include "tests/support/kubeobjects.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;

class TestFakeCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyWriteTakesTheNextVersion();
    void metadataIsFilledInAndKept();
    void refusedWrites_data();
    void refusedWrites();
    void namespaceLifeCycle();
    void historyAndCompaction();
    void eventsCarryThePreviousState();
};

namespace {

QString versionOf(const QJsonObject &object)
{
    return object.value(u"metadata").toObject().value(u"resourceVersion").toString();
}

} // namespace

void TestFakeCluster::everyWriteTakesTheNextVersion()
{
    FakeCluster cluster;
    QSignalSpy recorded(&cluster, &FakeCluster::eventRecorded);
    const quint64 start = cluster.resourceVersion();
    QVERIFY(start > 0);
    // The Ingress's namespace does not exist: it is created first, with its own version.
    const quint64 created =
        cluster.create(ResourceKind::Ingress, KubeObjects::ingress(u"a"_s, u"x"_s, {}));
    QCOMPARE(created, start + 2);
    QCOMPARE(cluster.count(ResourceKind::Namespace), 1);
    QCOMPARE(versionOf(*cluster.object(ResourceKind::Namespace, {}, u"a"_s)),
             QString::number(start + 1));
    QCOMPARE(versionOf(*cluster.object(ResourceKind::Ingress, u"a"_s, u"x"_s)),
             QString::number(created));

    const quint64 updated =
        cluster.apply(ResourceKind::Ingress, KubeObjects::ingress(u"a"_s, u"x"_s, {u"h.test"_s}));
    QCOMPARE(updated, created + 1);
    const quint64 deleted = cluster.remove(ResourceKind::Ingress, u"a"_s, u"x"_s);
    QCOMPARE(deleted, updated + 1);
    QCOMPARE(cluster.resourceVersion(), deleted);
    QVERIFY(!cluster.object(ResourceKind::Ingress, u"a"_s, u"x"_s));

    QCOMPARE(recorded.size(), 4);
    const auto last = recorded.constLast().constFirst().value<ClusterEvent>();
    QCOMPARE(last.type, ClusterEvent::Type::Deleted);
    // The deleted object's last state carries the deletion's version.
    QCOMPARE(versionOf(QJsonDocument::fromJson(last.object->json).object()),
             QString::number(deleted));
}

void TestFakeCluster::metadataIsFilledInAndKept()
{
    FakeCluster cluster;
    cluster.create(ResourceKind::Service, KubeObjects::loadBalancerService(u"n"_s, u"s"_s, {}));
    const QJsonObject first = *cluster.object(ResourceKind::Service, u"n"_s, u"s"_s);
    QCOMPARE(first.value(u"kind").toString(), u"Service"_s);
    QCOMPARE(first.value(u"apiVersion").toString(), u"v1"_s);
    const QJsonObject metadata = first.value(u"metadata").toObject();
    QVERIFY(!metadata.value(u"uid").toString().isEmpty());
    QVERIFY(metadata.value(u"creationTimestamp").toString().endsWith(u'Z'));

    cluster.update(ResourceKind::Service,
                   KubeObjects::loadBalancerService(u"n"_s, u"s"_s, {}, u"172.18.0.9"_s));
    const QJsonObject second = *cluster.object(ResourceKind::Service, u"n"_s, u"s"_s);
    QCOMPARE(second.value(u"metadata").toObject().value(u"uid"), metadata.value(u"uid"));
    QCOMPARE(second.value(u"metadata").toObject().value(u"creationTimestamp"),
             metadata.value(u"creationTimestamp"));
    QVERIFY(versionOf(second) != versionOf(first));

    // A cluster-scoped kind never keeps a namespace.
    QJsonObject named = KubeObjects::namespaceObject(u"plain"_s);
    QJsonObject namedMetadata = named.value(u"metadata").toObject();
    namedMetadata.insert(u"namespace", u"bogus"_s);
    named.insert(u"metadata", namedMetadata);
    cluster.create(ResourceKind::Namespace, named);
    QVERIFY(!cluster.object(ResourceKind::Namespace, {}, u"plain"_s)
                 ->value(u"metadata")
                 .toObject()
                 .contains(u"namespace"));
}

void TestFakeCluster::refusedWrites_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("error");
    QTest::newRow("create twice") << u"create"_s << u"Ingress n/i already exists."_s;
    QTest::newRow("update missing") << u"update"_s << u"Ingress n/missing does not exist."_s;
    QTest::newRow("delete missing") << u"remove"_s << u"Ingress n/missing does not exist."_s;
    QTest::newRow("no name") << u"noname"_s << u"Every Ingress needs metadata.name."_s;
    QTest::newRow("no namespace") << u"nonamespace"_s << u"Ingress i needs metadata.namespace."_s;
}

void TestFakeCluster::refusedWrites()
{
    QFETCH(QString, operation);
    QFETCH(QString, error);
    FakeCluster cluster;
    cluster.create(ResourceKind::Ingress, KubeObjects::ingress(u"n"_s, u"i"_s, {}));
    const quint64 before = cluster.resourceVersion();
    QString message;
    quint64 result = 1;
    if (operation == u"create")
        result = cluster.create(ResourceKind::Ingress, KubeObjects::ingress(u"n"_s, u"i"_s, {}),
                                &message);
    else if (operation == u"update")
        result = cluster.update(ResourceKind::Ingress,
                                KubeObjects::ingress(u"n"_s, u"missing"_s, {}), &message);
    else if (operation == u"remove")
        result = cluster.remove(ResourceKind::Ingress, u"n"_s, u"missing"_s, &message);
    else if (operation == u"noname")
        result = cluster.create(ResourceKind::Ingress, QJsonObject(), &message);
    else
        result =
            cluster.create(ResourceKind::Ingress, KubeObjects::ingress({}, u"i"_s, {}), &message);
    QCOMPARE(result, quint64(0));
    QCOMPARE(message, error);
    QCOMPARE(cluster.resourceVersion(), before); // a refused write consumes nothing
}

void TestFakeCluster::namespaceLifeCycle()
{
    FakeCluster cluster;
    for (const QString &ns : {u"keep"_s, u"drop"_s}) {
        cluster.create(ResourceKind::Ingress, KubeObjects::ingress(ns, u"i1"_s, {}));
        cluster.create(ResourceKind::Ingress, KubeObjects::ingress(ns, u"i2"_s, {}));
        cluster.create(ResourceKind::HTTPRoute, KubeObjects::httpRoute(ns, u"r"_s, {}, {}));
    }
    QSignalSpy recorded(&cluster, &FakeCluster::eventRecorded);
    QVERIFY(cluster.remove(ResourceKind::Namespace, {}, u"drop"_s));
    // Its objects go first, each with a DELETED event, then the namespace itself.
    QCOMPARE(recorded.size(), 4);
    QCOMPARE(recorded.constLast().constFirst().value<ClusterEvent>().kind, ResourceKind::Namespace);
    QCOMPARE(cluster.objects(ResourceKind::Ingress).size(), 2);
    QCOMPARE(cluster.objects(ResourceKind::Ingress, u"drop"_s).size(), 0);
    QCOMPARE(cluster.objects(ResourceKind::HTTPRoute, u"keep"_s).size(), 1);
}

void TestFakeCluster::historyAndCompaction()
{
    FakeCluster cluster;
    cluster.setHistoryLimit(3);
    const quint64 start = cluster.resourceVersion();
    QCOMPARE(cluster.eventsSince(start)->size(), 0);
    for (int i = 0; i < 5; ++i)
        cluster.create(ResourceKind::Namespace, KubeObjects::namespaceObject(u"n%1"_s.arg(i)));
    // Five writes, three kept: watches may resume from the third on.
    QCOMPARE(cluster.compactedResourceVersion(), start + 2);
    QVERIFY(!cluster.eventsSince(start + 1));
    QCOMPARE(cluster.eventsSince(start + 2)->size(), 3);
    QCOMPARE(cluster.eventsSince(start + 4)->size(), 1);
    QCOMPARE(cluster.eventsSince(start + 4)->constFirst().resourceVersion(), start + 5);
    QCOMPARE(cluster.eventsSince(start + 5)->size(), 0);

    QSignalSpy compacted(&cluster, &FakeCluster::compacted);
    cluster.compact();
    QCOMPARE(compacted.size(), 1);
    QCOMPARE(cluster.compactedResourceVersion(), cluster.resourceVersion());
    QVERIFY(!cluster.eventsSince(start + 4));
    QCOMPARE(cluster.eventsSince(cluster.resourceVersion())->size(), 0);
}

void TestFakeCluster::eventsCarryThePreviousState()
{
    FakeCluster cluster;
    cluster.create(ResourceKind::Ingress, KubeObjects::ingress(u"n"_s, u"i"_s, {u"a.test"_s}));
    QSignalSpy recorded(&cluster, &FakeCluster::eventRecorded);
    cluster.update(ResourceKind::Ingress, KubeObjects::ingress(u"n"_s, u"i"_s, {u"b.test"_s}));
    const auto event = recorded.constFirst().constFirst().value<ClusterEvent>();
    QCOMPARE(event.type, ClusterEvent::Type::Modified);
    QVERIFY(event.previous->json.contains("a.test"));
    QVERIFY(event.object->json.contains("b.test"));
    QCOMPARE(event.previous->resourceVersion + 1, event.object->resourceVersion);
}

QTEST_GUILESS_MAIN(TestFakeCluster)
#include "tst_fakecluster.moc"
