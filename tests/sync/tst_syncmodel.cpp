// Model-based randomized test of the whole watch path: random mutations across namespaces
// interleaved with random faults (cut connections, events cut mid-line, 410s, compaction,
// garbage, a frozen peer, a server restart), seeded and reproducible. After each run the
// session's mappings must equal what the server holds, exactly.
//   K8S_HOSTS_SEED=n replays one seed; K8S_HOSTS_SEEDS=n runs seeds 1..n (default 200).
#include "core/kube/apiclient.h"
#include "core/mapping/mappingresolver.h"
#include "core/mapping/recordparser.h"
#include "core/sync/contextsession.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"

#include <QRandomGenerator>
#include <QTest>

namespace {

const QStringList namespaces = {u"ns0"_qs, u"ns1"_qs, u"ns2"_qs, u"ns3"_qs};

QStringList describe(HostMappings mappings)
{
    QStringList out;
    for (const HostMapping &m : mappings)
        out << m.host + u' ' + m.address + u' ' + m.source.toString() + u' ' +
                   describeMappingState(m.state);
    out.sort();
    return out;
}

// What the session should show: the resolvers applied to the server's own objects.
QStringList truth(FakeCluster &cluster, const NamespaceSelection &selection)
{
    HostMappings out;
    for (const QJsonObject &o : cluster.objects(ResourceKind::Ingress)) {
        const auto r = RecordParser::ingress(o);
        if (selection.includes(r.key.ns))
            out += MappingResolver::fromIngress(u"fake"_qs, r);
    }
    for (const QJsonObject &o : cluster.objects(ResourceKind::Service)) {
        const auto r = RecordParser::service(o);
        if (selection.includes(r.key.ns))
            out += MappingResolver::fromService(u"fake"_qs, r);
    }
    QList<GatewayRecord> gateways;
    for (const QJsonObject &o : cluster.objects(ResourceKind::Gateway))
        gateways.append(RecordParser::gateway(o));
    const auto lookup = [&](const ObjectKey &key) -> const GatewayRecord * {
        for (const GatewayRecord &g : gateways) {
            if (g.key == key)
                return &g;
        }
        return nullptr;
    };
    for (const QJsonObject &o : cluster.objects(ResourceKind::HTTPRoute)) {
        const auto r = RecordParser::httpRoute(o);
        if (selection.includes(r.key.ns))
            out += MappingResolver::fromRoute(
                u"fake"_qs, r, lookup, [](const QString &) { return QHash<QString, QString>{}; });
    }
    return describe(out);
}

class Model
{
public:
    Model(FakeApiServer &server, quint32 seed)
        : m_server(server)
        , m_random(seed)
    {}

    int below(int n) { return int(m_random.bounded(n)); }

    QStringList hosts()
    {
        QStringList out;
        const int n = 1 + below(3);
        for (int i = 0; i < n; ++i)
            out << (below(15) == 0 ? u"*.w%1.local"_qs.arg(below(3))
                                   : u"h%1.local"_qs.arg(below(20)));
        return out;
    }

    QString ip() { return below(6) == 0 ? QString() : u"10.0.0.%1"_qs.arg(1 + below(5)); }

    void mutate()
    {
        FakeCluster &c = m_server.cluster();
        const QString ns = namespaces[below(int(namespaces.size()))];
        const QString name = u"o%1"_qs.arg(below(8));
        switch (below(8)) {
        case 0:
        case 1:
        case 2:
            c.apply(ResourceKind::Ingress,
                    KubeObjects::ingress(ns, name, hosts(), ip(),
                                         below(8) == 0 ? u"localhost"_qs : QString()));
            break;
        case 3:
            c.remove(ResourceKind::Ingress, ns, name);
            break;
        case 4:
            c.apply(ResourceKind::Service,
                    KubeObjects::loadBalancerService(ns, name, hosts(), ip()));
            break;
        case 5:
            c.remove(ResourceKind::Service, ns, name);
            break;
        case 6: {
            KubeObjects::Listener l{u"http"_qs,
                                    below(2) ? QString() : u"h%1.local"_qs.arg(below(20)), 80,
                                    u"HTTP"_qs, u"All"_qs};
            c.apply(ResourceKind::Gateway,
                    KubeObjects::gateway(u"ns0"_qs, u"gw"_qs, {l},
                                         {ip().isEmpty() ? u"10.0.1.1"_qs : ip()}));
            break;
        }
        case 7:
            c.apply(ResourceKind::HTTPRoute,
                    KubeObjects::httpRoute(ns, name, hosts(), {{u"ns0"_qs, u"gw"_qs, {}, 0}}));
            break;
        }
    }

    void fault()
    {
        switch (below(9)) {
        case 0:
            m_server.dropConnections();
            break;
        case 1:
            m_server.dropWatchesMidEvent();
            break;
        case 2:
            m_server.expireWatches();
            break;
        case 3:
            m_server.endWatches();
            break;
        case 4:
            m_server.writeToWatches("{\"type\":\"ADDED\",\"object\":{garbage\n");
            break;
        case 5:
            m_server.cluster().compact();
            m_server.expireWatches();
            break;
        case 6:
            m_server.sendBookmarks();
            break;
        case 7:
            m_server.stopListening();
            QTest::qWait(below(30));
            QVERIFY(m_server.listen());
            break;
        case 8:
            if (below(4) == 0)
                m_server.freezeWatches(); // detected by the idle timeout
            break;
        }
    }

private:
    FakeApiServer &m_server;
    QRandomGenerator m_random;
};

} // namespace

class TestSyncModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mappingsEqualServerTruth();
};

void TestSyncModel::mappingsEqualServerTruth()
{
    const QByteArray only = qgetenv("K8S_HOSTS_SEED");
    const quint32 first = only.isEmpty() ? 1 : only.toUInt();
    const int seeds = qEnvironmentVariableIntValue("K8S_HOSTS_SEEDS");
    const quint32 last = only.isEmpty() ? quint32(seeds > 0 ? seeds : 200) : first;
    for (quint32 seed = first; seed <= last; ++seed) {
        FakeApiServer server;
        QVERIFY(server.listen());
        ApiClient client(server.url());
        ContextSession::Options options;
        options.reflector = Reflector::Options{3, 1, 5, 80, 60000, 400, seed, 2000};
        options.requestTimeoutMs = 2000;
        options.discoveryRetryMs = 50;
        ContextSession session(u"fake"_qs, &client, allSources(), {}, u"default"_qs, options);
        // What SyncEngine does: a table kept up to date from the announced changes only.
        const EntryValidator validator(NamePolicy(), ReservedNames(u"devbox"_qs));
        DesiredHosts fed(validator, {}, {});
        connect(&session, &ContextSession::mappingsChanged, this,
                [&](const ContextSession::MappingChanges &changes) {
                    if (changes.complete)
                        fed.setContext(session.name(), {}, changes.objects);
                    else
                        fed.updateObjects(session.name(), changes.objects);
                });
        Model model(server, seed);
        for (int i = 0; i < 4; ++i)
            model.mutate(); // something to list
        session.start();
        for (int step = 0; step < 30; ++step) {
            if (model.below(3) == 0)
                model.fault();
            else
                model.mutate();
            if (model.below(2) == 0)
                QTest::qWait(model.below(15));
            if (model.below(20) == 0) // a toggle while events flow
                session.setNamespaceSelection({false, {namespaces[model.below(4)]}});
        }
        NamespaceSelection selection;
        if (model.below(3) == 0)
            selection = {false, {namespaces[model.below(4)], namespaces[model.below(4)]}};
        session.setNamespaceSelection(selection);
        QTRY_VERIFY_WITH_TIMEOUT(session.isSynced() && describe(session.mappings()) ==
                                                           truth(server.cluster(), selection),
                                 30000);
        if (QTest::currentTestFailed()) {
            qWarning("seed %u: session %s", seed,
                     qPrintable(describe(session.mappings()).join(u"; ")));
            qWarning("seed %u: truth   %s", seed,
                     qPrintable(truth(server.cluster(), selection).join(u"; ")));
            return;
        }
        // A relist still paging in announces its objects once it ends: then they agree.
        const auto fedMatches = [&] {
            DesiredHosts fresh(validator, {}, {});
            fresh.setContext(session.name(), {}, session.mappingsByObject());
            return !session.hasUnannouncedChanges() && fed.mappings() == fresh.mappings() &&
                   fed.entries() == fresh.entries();
        };
        QTRY_VERIFY2_WITH_TIMEOUT(fedMatches(), qPrintable(u"seed %1"_qs.arg(seed)), 10000);
        session.disconnect(this);
    }
}

QTEST_GUILESS_MAIN(TestSyncModel)
#include "tst_syncmodel.moc"
