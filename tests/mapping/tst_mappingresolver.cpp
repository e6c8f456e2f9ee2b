#include "core/mapping/mappingresolver.h"

#include <QTest>

namespace {

const QString ctx = u"kind-dev"_qs;

QStringList describe(const HostMappings &mappings)
{
    QStringList out;
    for (const HostMapping &m : mappings)
        out << m.host + u" -> "_qs + m.address + u" ["_qs + describeMappingState(m.state) + u"]"_qs;
    return out;
}

GatewayRecord gatewayWith(QList<GatewayListener> listeners, QList<LoadBalancerAddress> addresses,
                          QString ns = u"infra"_qs, QString name = u"gw"_qs)
{
    return {{ns, name}, u"2024-01-01T00:00:00Z"_qs, listeners, addresses, {}};
}

GatewayListener listener(QString name, QString hostname, int port = 80, QString from = u"All"_qs,
                         QString protocol = u"HTTP"_qs)
{
    GatewayListener l;
    l.name = name;
    l.hostname = hostname;
    l.port = port;
    l.protocol = protocol;
    l.routesFrom = from;
    return l;
}

HttpRouteRecord route(QStringList hostnames, QList<ParentRef> parents, bool accepted = true)
{
    HttpRouteRecord r{{u"apps"_qs, u"web"_qs}, u"2024-01-02T00:00:00Z"_qs, hostnames, parents, {}};
    if (accepted)
        r.acceptedParents = parents;
    return r;
}

ParentRef parentRef(QString name = u"gw"_qs, QString ns = u"infra"_qs, QString section = {},
                    int port = 0)
{
    ParentRef p;
    p.ns = ns;
    p.name = name;
    p.sectionName = section;
    p.port = port;
    return p;
}

} // namespace

class TestMappingResolver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ingress_data();
    void ingress();
    void wildcardRuleDoesNotStopOtherHosts();
    void service_data();
    void service();
    void intersect_data();
    void intersect();
    void gateway_data();
    void gateway();
    void selectorMatching();
};

void TestMappingResolver::ingress_data()
{
    QTest::addColumn<IngressRecord>("ingress");
    QTest::addColumn<QStringList>("expected");
    const ObjectKey key{u"tyk"_qs, u"dash"_qs};
    QTest::newRow("first ip") << IngressRecord{key,
                                               {},
                                               {u"a.local"_qs, u"b.local"_qs},
                                               {{u"172.18.0.200"_qs, {}}, {u"172.18.0.201"_qs, {}}},
                                               {}}
                              << QStringList{u"a.local -> 172.18.0.200 [active]"_qs,
                                             u"b.local -> 172.18.0.200 [active]"_qs};
    QTest::newRow("ip after hostname entry")
        << IngressRecord{key,
                         {},
                         {u"a.local"_qs},
                         {{{}, u"lb.example.com"_qs}, {u"10.0.0.9"_qs, {}}},
                         {}}
        << QStringList{u"a.local -> 10.0.0.9 [active]"_qs};
    QTest::newRow("docker desktop localhost")
        << IngressRecord{key, {}, {u"a.local"_qs}, {{{}, u"localhost"_qs}}, {}}
        << QStringList{u"a.local -> 127.0.0.1 [active]"_qs, u"a.local -> ::1 [active]"_qs};
    QTest::newRow("cloud dns name")
        << IngressRecord{key, {}, {u"a.local"_qs}, {{{}, u"abc.elb.amazonaws.com"_qs}}, {}}
        << QStringList{u"a.local -> abc.elb.amazonaws.com [resolving]"_qs};
    QTest::newRow("ipv6") << IngressRecord{key, {}, {u"a.local"_qs}, {{u"fd00::10"_qs, {}}}, {}}
                          << QStringList{u"a.local -> fd00::10 [active]"_qs};
    QTest::newRow("no status yet") << IngressRecord{key, {}, {u"a.local"_qs}, {}, {}}
                                   << QStringList{u"a.local ->  [waiting for IP]"_qs};
    QTest::newRow("target annotation")
        << IngressRecord{key, {}, {u"a.local"_qs}, {{u"172.18.0.200"_qs, {}}}, {u"10.1.1.1"_qs}}
        << QStringList{u"a.local -> 10.1.1.1 [active]"_qs};
    QTest::newRow("duplicate rules")
        << IngressRecord{key, {}, {u"a.local"_qs, u"a.local"_qs}, {{u"10.0.0.1"_qs, {}}}, {}}
        << QStringList{u"a.local -> 10.0.0.1 [active]"_qs};
}

void TestMappingResolver::ingress()
{
    QFETCH(IngressRecord, ingress);
    QFETCH(QStringList, expected);
    const HostMappings out = MappingResolver::fromIngress(ctx, ingress);
    QCOMPARE(describe(out), expected);
    for (const HostMapping &m : out) {
        QCOMPARE(m.source.toString(), u"kind-dev/tyk/Ingress/dash"_qs);
        QCOMPARE(m.reason.isEmpty(), m.state == MappingState::Active);
    }
}

void TestMappingResolver::wildcardRuleDoesNotStopOtherHosts()
{
    const IngressRecord ingress{
        {u"ns"_qs, u"i"_qs}, {}, {u"*.apps.local"_qs, u"web.local"_qs}, {{u"10.0.0.1"_qs, {}}}, {}};
    QCOMPARE(describe(MappingResolver::fromIngress(ctx, ingress)),
             (QStringList{u"*.apps.local ->  [wildcard not supported]"_qs,
                          u"web.local -> 10.0.0.1 [active]"_qs}));
}

void TestMappingResolver::service_data()
{
    QTest::addColumn<ServiceRecord>("service");
    QTest::addColumn<QStringList>("expected");
    const ObjectKey key{u"ns"_qs, u"svc"_qs};
    QTest::newRow("annotation hosts")
        << ServiceRecord{key,
                         {},
                         true,
                         {u"a.local"_qs, u"b.local"_qs},
                         {},
                         {},
                         {{u"10.0.0.5"_qs, {}}}}
        << QStringList{u"a.local -> 10.0.0.5 [active]"_qs, u"b.local -> 10.0.0.5 [active]"_qs};
    QTest::newRow("not a load balancer")
        << ServiceRecord{key, {}, false, {u"a.local"_qs}, {}, {}, {{u"10.0.0.5"_qs, {}}}}
        << QStringList{};
    QTest::newRow("no annotation")
        << ServiceRecord{key, {}, true, {}, {}, {}, {{u"10.0.0.5"_qs, {}}}} << QStringList{};
    QTest::newRow("target wins") << ServiceRecord{key,
                                                  {},
                                                  true,
                                                  {u"a.local"_qs},
                                                  {u"10.9.9.9"_qs},
                                                  {u"10.8.8.8"_qs},
                                                  {{u"10.0.0.5"_qs, {}}}}
                                 << QStringList{u"a.local -> 10.9.9.9 [active]"_qs};
    QTest::newRow("external ip before status") << ServiceRecord{key,
                                                                {},
                                                                true,
                                                                {u"a.local"_qs},
                                                                {},
                                                                {u"10.8.8.8"_qs},
                                                                {{u"10.0.0.5"_qs, {}}}}
                                               << QStringList{u"a.local -> 10.8.8.8 [active]"_qs};
    QTest::newRow("pending") << ServiceRecord{key, {}, true, {u"a.local"_qs}, {}, {}, {}}
                             << QStringList{u"a.local ->  [waiting for IP]"_qs};
}

void TestMappingResolver::service()
{
    QFETCH(ServiceRecord, service);
    QFETCH(QStringList, expected);
    QCOMPARE(describe(MappingResolver::fromService(ctx, service)), expected);
}

void TestMappingResolver::intersect_data()
{
    QTest::addColumn<QString>("listener");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("result"); // "-" for none
    const auto row = [](const char *l, const char *r, const char *res) {
        QTest::newRow(qPrintable(u"%1 & %2"_qs.arg(QString::fromLatin1(l), QString::fromLatin1(r))))
            << QString::fromLatin1(l) << QString::fromLatin1(r) << QString::fromLatin1(res);
    };
    row("", "", "-");
    row("", "a.ex.local", "a.ex.local");
    row("a.ex.local", "", "a.ex.local");
    row("*.ex.local", "a.ex.local", "a.ex.local");
    row("*.ex.local", "a.b.ex.local", "a.b.ex.local");
    row("*.ex.local", "ex.local", "-");
    row("*.ex.local", "*.b.ex.local", "*.b.ex.local");
    row("a.ex.local", "*.ex.local", "a.ex.local");
    row("a.ex.local", "b.ex.local", "-");
    row("A.Ex.Local", "a.ex.local", "a.ex.local");
    row("*.ex.local", "a.other.local", "-");
    row("*.ex.local", "*.ex.local", "*.ex.local");
}

void TestMappingResolver::intersect()
{
    QFETCH(QString, listener);
    QFETCH(QString, route);
    QFETCH(QString, result);
    QCOMPARE(MappingResolver::intersectHostnames(listener, route).value_or(u"-"_qs), result);
}

void TestMappingResolver::gateway_data()
{
    QTest::addColumn<QList<GatewayRecord>>("gateways");
    QTest::addColumn<HttpRouteRecord>("route");
    QTest::addColumn<QStringList>("expected");
    const QList<LoadBalancerAddress> ip{{u"172.18.0.50"_qs, {}}, {u"172.18.0.51"_qs, {}}};

    QTest::newRow("one route one gateway, first address")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {})}, ip)}
        << route({u"a.local"_qs, u"b.local"_qs}, {parentRef()})
        << QStringList{u"a.local -> 172.18.0.50 [active]"_qs,
                       u"b.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("listener hostname filters route hosts")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, u"*.apps.local"_qs)}, ip)}
        << route({u"a.apps.local"_qs, u"b.other.local"_qs}, {parentRef()})
        << QStringList{u"a.apps.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("route without hostnames takes the listener's")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, u"site.local"_qs)}, ip)}
        << route({}, {parentRef()}) << QStringList{u"site.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("sectionName selects one listener")
        << QList<GatewayRecord>{gatewayWith(
               {listener(u"one"_qs, u"one.local"_qs), listener(u"two"_qs, u"two.local"_qs)}, ip)}
        << route({}, {parentRef(u"gw"_qs, u"infra"_qs, u"two"_qs)})
        << QStringList{u"two.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("port selects listeners")
        << QList<GatewayRecord>{gatewayWith(
               {listener(u"a"_qs, u"a.local"_qs, 80), listener(u"b"_qs, u"b.local"_qs, 8080)}, ip)}
        << route({}, {parentRef(u"gw"_qs, u"infra"_qs, {}, 8080)})
        << QStringList{u"b.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("Same namespace refuses other namespaces")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {}, 80, u"Same"_qs)}, ip)}
        << route({u"a.local"_qs}, {parentRef()}) << QStringList{};
    QTest::newRow("Selector admits labelled namespace")
        << QList<GatewayRecord>{[&] {
               auto g = gatewayWith({listener(u"http"_qs, {}, 80, u"Selector"_qs)}, ip);
               g.listeners[0].routesSelector.matchLabels.insert(u"shared-gateway"_qs, u"true"_qs);
               return g;
           }()}
        << route({u"a.local"_qs}, {parentRef()})
        << QStringList{u"a.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("TCP listener ignored")
        << QList<GatewayRecord>{gatewayWith({listener(u"tcp"_qs, {}, 80, u"All"_qs, u"TCP"_qs)},
                                            ip)}
        << route({u"a.local"_qs}, {parentRef()}) << QStringList{};
    QTest::newRow("HTTPS listener serves HTTPRoutes")
        << QList<GatewayRecord>{gatewayWith(
               {listener(u"https"_qs, {}, 443, u"All"_qs, u"HTTPS"_qs)}, ip)}
        << route({u"a.local"_qs}, {parentRef()})
        << QStringList{u"a.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("not accepted") << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {})},
                                                                      ip)}
                                  << route({u"a.local"_qs}, {parentRef()}, false)
                                  << QStringList{u"a.local ->  [not accepted]"_qs};
    QTest::newRow("gateway without address")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {})}, {})}
        << route({u"a.local"_qs}, {parentRef()}) << QStringList{u"a.local ->  [waiting for IP]"_qs};
    QTest::newRow("missing gateway")
        << QList<GatewayRecord>{} << route({u"a.local"_qs}, {parentRef()}) << QStringList{};
    QTest::newRow("one route, two gateways: first parent serves")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {})}, {{u"10.0.0.1"_qs, {}}},
                                            u"infra"_qs, u"gw"_qs),
                                gatewayWith({listener(u"http"_qs, u"only-b.local"_qs)},
                                            {{u"10.0.0.2"_qs, {}}}, u"infra"_qs, u"gw2"_qs)}
        << route({u"a.local"_qs, u"only-b.local"_qs}, {parentRef(u"gw2"_qs), parentRef(u"gw"_qs)})
        << QStringList{u"only-b.local -> 10.0.0.2 [active]"_qs, u"a.local -> 10.0.0.1 [active]"_qs};
    QTest::newRow("wildcard result reported")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, u"*.apps.local"_qs)}, ip)}
        << route({}, {parentRef()}) << QStringList{u"*.apps.local ->  [wildcard not supported]"_qs};
    QTest::newRow("gateway hostname address")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {})}, {{{}, u"localhost"_qs}})}
        << route({u"a.local"_qs}, {parentRef()})
        << QStringList{u"a.local -> 127.0.0.1 [active]"_qs, u"a.local -> ::1 [active]"_qs};
}

void TestMappingResolver::gateway()
{
    QFETCH(QList<GatewayRecord>, gateways);
    QFETCH(HttpRouteRecord, route);
    QFETCH(QStringList, expected);
    const auto lookup = [&](const ObjectKey &key) -> const GatewayRecord * {
        for (const GatewayRecord &g : gateways) {
            if (g.key == key)
                return &g;
        }
        return nullptr;
    };
    const auto labels = [](const QString &ns) {
        return ns == u"apps" ? QHash<QString, QString>{{u"shared-gateway"_qs, u"true"_qs}}
                             : QHash<QString, QString>{};
    };
    QCOMPARE(describe(MappingResolver::fromHttpRoute(ctx, route, lookup, labels)), expected);
}

void TestMappingResolver::selectorMatching()
{
    LabelSelector s;
    QVERIFY(s.matches({}));
    s.matchLabels.insert(u"team"_qs, u"a"_qs);
    QVERIFY(s.matches({{u"team"_qs, u"a"_qs}}));
    QVERIFY(!s.matches({{u"team"_qs, u"b"_qs}}));
    s.matchExpressions.append({u"env"_qs, u"In"_qs, {u"dev"_qs, u"test"_qs}});
    QVERIFY(s.matches({{u"team"_qs, u"a"_qs}, {u"env"_qs, u"dev"_qs}}));
    QVERIFY(!s.matches({{u"team"_qs, u"a"_qs}, {u"env"_qs, u"prod"_qs}}));
    LabelSelector exists;
    exists.matchExpressions.append({u"gw"_qs, u"Exists"_qs, {}});
    QVERIFY(exists.matches({{u"gw"_qs, {}}}));
    QVERIFY(!exists.matches({}));
    LabelSelector bogus;
    bogus.matchExpressions.append({u"gw"_qs, u"Sometimes"_qs, {}});
    QVERIFY(!bogus.matches({{u"gw"_qs, u"x"_qs}}));
}

QTEST_GUILESS_MAIN(TestMappingResolver)
#include "tst_mappingresolver.moc"
