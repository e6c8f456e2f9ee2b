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

IngressRecord ingressWith(QStringList hosts, QList<LoadBalancerAddress> addresses,
                          QStringList targets = {})
{
    IngressRecord r;
    r.key = {u"tyk"_qs, u"dash"_qs};
    r.hosts = hosts;
    r.addresses = addresses;
    r.dns.targets = targets;
    return r;
}

ServiceRecord serviceWith(bool loadBalancer, QStringList hostnames, QStringList targets,
                          QStringList externalIps, QList<LoadBalancerAddress> addresses)
{
    ServiceRecord r;
    r.key = {u"ns"_qs, u"svc"_qs};
    r.loadBalancer = loadBalancer;
    r.dns.hostnames = hostnames;
    r.dns.targets = targets;
    r.externalIps = externalIps;
    r.addresses = addresses;
    return r;
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

RouteRecord route(QStringList hostnames, QList<ParentRef> parents, bool accepted = true,
                  RouteKind kind = RouteKind::Http)
{
    RouteRecord r{kind, {u"apps"_qs, u"web"_qs}, u"2024-01-02T00:00:00Z"_qs, hostnames, parents, {},
                  {}};
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
    void originNamesTheField();
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
    QTest::newRow("every address")
        << ingressWith({u"a.local"_qs, u"b.local"_qs},
                       {{u"172.18.0.200"_qs, {}}, {u"172.18.0.201"_qs, {}}})
        << QStringList{
               u"a.local -> 172.18.0.200 [active]"_qs, u"a.local -> 172.18.0.201 [active]"_qs,
               u"b.local -> 172.18.0.200 [active]"_qs, u"b.local -> 172.18.0.201 [active]"_qs};
    QTest::newRow("hostname entry and ip entry")
        << ingressWith({u"a.local"_qs}, {{{}, u"lb.example.com"_qs}, {u"10.0.0.9"_qs, {}}})
        << QStringList{u"a.local -> lb.example.com [resolving]"_qs,
                       u"a.local -> 10.0.0.9 [active]"_qs};
    QTest::newRow("one entry with both")
        << ingressWith({u"a.local"_qs}, {{u"10.0.0.9"_qs, u"lb.example.com"_qs}})
        << QStringList{u"a.local -> 10.0.0.9 [active]"_qs,
                       u"a.local -> lb.example.com [resolving]"_qs};
    QTest::newRow("docker desktop localhost")
        << ingressWith({u"a.local"_qs}, {{{}, u"localhost"_qs}})
        << QStringList{u"a.local -> 127.0.0.1 [active]"_qs, u"a.local -> ::1 [active]"_qs};
    QTest::newRow("cloud dns name")
        << ingressWith({u"a.local"_qs}, {{{}, u"abc.elb.amazonaws.com"_qs}})
        << QStringList{u"a.local -> abc.elb.amazonaws.com [resolving]"_qs};
    QTest::newRow("dual stack") << ingressWith({u"a.local"_qs},
                                               {{u"10.0.0.1"_qs, {}}, {u"fd00::10"_qs, {}}})
                                << QStringList{u"a.local -> 10.0.0.1 [active]"_qs,
                                               u"a.local -> fd00::10 [active]"_qs};
    QTest::newRow("same address twice is one")
        << ingressWith({u"a.local"_qs}, {{u"10.0.0.1"_qs, {}}, {u"10.0.0.1"_qs, {}}})
        << QStringList{u"a.local -> 10.0.0.1 [active]"_qs};
    QTest::newRow("no status yet")
        << ingressWith({u"a.local"_qs}, {}) << QStringList{u"a.local ->  [waiting for IP]"_qs};
    QTest::newRow("target annotation replaces status")
        << ingressWith({u"a.local"_qs}, {{u"172.18.0.200"_qs, {}}},
                       {u"10.1.1.1"_qs, u"lb.example.com"_qs})
        << QStringList{u"a.local -> 10.1.1.1 [active]"_qs,
                       u"a.local -> lb.example.com [resolving]"_qs};
    QTest::newRow("duplicate rules, any case")
        << ingressWith({u"a.local"_qs, u"A.Local"_qs}, {{u"10.0.0.1"_qs, {}}})
        << QStringList{u"a.local -> 10.0.0.1 [active]"_qs};
    IngressRecord named = ingressWith({u"rule.local"_qs}, {{u"10.0.0.1"_qs, {}}});
    named.tlsHosts = {u"tls.local"_qs, u"rule.local"_qs};
    named.dns.hostnames = {u"note.local"_qs};
    QTest::newRow("rules, tls and annotation")
        << named
        << QStringList{u"rule.local -> 10.0.0.1 [active]"_qs, u"tls.local -> 10.0.0.1 [active]"_qs,
                       u"note.local -> 10.0.0.1 [active]"_qs};
    named.dns.hostnameSource = u"defined-hosts-only"_qs;
    QTest::newRow("defined-hosts-only")
        << named
        << QStringList{u"rule.local -> 10.0.0.1 [active]"_qs, u"tls.local -> 10.0.0.1 [active]"_qs};
    named.dns.hostnameSource = u"annotation-only"_qs;
    QTest::newRow("annotation-only") << named << QStringList{u"note.local -> 10.0.0.1 [active]"_qs};
    named.dns.hostnameSource = u"both-please"_qs;
    QTest::newRow("unknown hostname source: nothing, as ExternalDNS") << named << QStringList{};
    named.dns.hostnameSource.clear();
    named.dns.otherController = true;
    QTest::newRow("another controller's object") << named << QStringList{};
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

void TestMappingResolver::originNamesTheField()
{
    IngressRecord ingress = ingressWith({u"rule.local"_qs}, {{u"10.0.0.1"_qs, {}}});
    ingress.tlsHosts = {u"tls.local"_qs};
    ingress.dns.hostnames = {u"note.local"_qs};
    QStringList origins;
    for (const HostMapping &m : MappingResolver::fromIngress(ctx, ingress))
        origins << m.host + u": "_qs + m.origin;
    QCOMPARE(origins,
             (QStringList{u"rule.local: spec.rules[].host"_qs, u"tls.local: spec.tls[].hosts"_qs,
                          u"note.local: hostname annotation"_qs}));
    const GatewayRecord gw =
        gatewayWith({listener(u"http"_qs, u"site.local"_qs)}, {{u"10.0.0.5"_qs, {}}});
    const auto lookup = [&](const ObjectKey &) {
        return &gw;
    };
    const auto labels = [](const QString &) {
        return QHash<QString, QString>{};
    };
    RouteRecord r = route({}, {parentRef()});
    QCOMPARE(MappingResolver::fromRoute(ctx, r, lookup, labels).value(0).origin,
             u"listener hostname"_qs);
    r.hostnames = {u"site.local"_qs};
    QCOMPARE(MappingResolver::fromRoute(ctx, r, lookup, labels).value(0).origin,
             u"spec.hostnames"_qs);
}

void TestMappingResolver::wildcardRuleDoesNotStopOtherHosts()
{
    const IngressRecord ingress =
        ingressWith({u"*.apps.local"_qs, u"web.local"_qs}, {{u"10.0.0.1"_qs, {}}});
    // The wildcard keeps its address for publishers that can serve it.
    QCOMPARE(describe(MappingResolver::fromIngress(ctx, ingress)),
             (QStringList{u"*.apps.local -> 10.0.0.1 [wildcard not supported]"_qs,
                          u"web.local -> 10.0.0.1 [active]"_qs}));
}

void TestMappingResolver::service_data()
{
    QTest::addColumn<ServiceRecord>("service");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("annotation hosts")
        << serviceWith(true, {u"a.local"_qs, u"b.local"_qs}, {}, {}, {{u"10.0.0.5"_qs, {}}})
        << QStringList{u"a.local -> 10.0.0.5 [active]"_qs, u"b.local -> 10.0.0.5 [active]"_qs};
    QTest::newRow("not a load balancer")
        << serviceWith(false, {u"a.local"_qs}, {}, {}, {{u"10.0.0.5"_qs, {}}}) << QStringList{};
    QTest::newRow("no annotation")
        << serviceWith(true, {}, {}, {}, {{u"10.0.0.5"_qs, {}}}) << QStringList{};
    QTest::newRow("target wins") << serviceWith(true, {u"a.local"_qs}, {u"10.9.9.9"_qs},
                                                {u"10.8.8.8"_qs}, {{u"10.0.0.5"_qs, {}}})
                                 << QStringList{u"a.local -> 10.9.9.9 [active]"_qs};
    QTest::newRow("every external ip before status")
        << serviceWith(true, {u"a.local"_qs}, {}, {u"10.8.8.8"_qs, u"10.8.8.9"_qs},
                       {{u"10.0.0.5"_qs, {}}})
        << QStringList{u"a.local -> 10.8.8.8 [active]"_qs, u"a.local -> 10.8.8.9 [active]"_qs};
    QTest::newRow("dual stack status")
        << serviceWith(true, {u"a.local"_qs}, {}, {}, {{u"10.0.0.5"_qs, {}}, {u"fd00::5"_qs, {}}})
        << QStringList{u"a.local -> 10.0.0.5 [active]"_qs, u"a.local -> fd00::5 [active]"_qs};
    QTest::newRow("pending") << serviceWith(true, {u"a.local"_qs}, {}, {}, {})
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
    row("*.b.ex.local", "*.ex.local", "*.b.ex.local");
    row("*.b.ex.local", "*.local", "*.b.ex.local");
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
    QTest::addColumn<RouteRecord>("route");
    QTest::addColumn<QStringList>("expected");
    const QList<LoadBalancerAddress> ip{{u"172.18.0.50"_qs, {}}};
    const QList<LoadBalancerAddress> two{{u"172.18.0.50"_qs, {}}, {u"172.18.0.51"_qs, {}}};

    QTest::newRow("one route one gateway, every address")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {})}, two)}
        << route({u"a.local"_qs, u"b.local"_qs}, {parentRef()})
        << QStringList{u"a.local -> 172.18.0.50 [active]"_qs, u"a.local -> 172.18.0.51 [active]"_qs,
                       u"b.local -> 172.18.0.50 [active]"_qs,
                       u"b.local -> 172.18.0.51 [active]"_qs};
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
    QTest::newRow("one route, two gateways: each host gets the addresses of its gateways")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {})}, {{u"10.0.0.1"_qs, {}}},
                                            u"infra"_qs, u"gw"_qs),
                                gatewayWith({listener(u"http"_qs, u"only-b.local"_qs)},
                                            {{u"10.0.0.2"_qs, {}}}, u"infra"_qs, u"gw2"_qs)}
        << route({u"a.local"_qs, u"only-b.local"_qs}, {parentRef(u"gw2"_qs), parentRef(u"gw"_qs)})
        << QStringList{u"only-b.local -> 10.0.0.2 [active]"_qs,
                       u"only-b.local -> 10.0.0.1 [active]"_qs, u"a.local -> 10.0.0.1 [active]"_qs};
    QTest::newRow("one route, two gateways, one not accepting: its address stays out")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {})}, {{u"10.0.0.1"_qs, {}}},
                                            u"infra"_qs, u"gw"_qs),
                                gatewayWith({listener(u"http"_qs, {})}, {{u"10.0.0.2"_qs, {}}},
                                            u"infra"_qs, u"gw2"_qs)}
        <<
        [&] {
            auto r = route({u"a.local"_qs}, {parentRef(u"gw"_qs), parentRef(u"gw2"_qs)});
            r.acceptedParents = {parentRef(u"gw"_qs)};
            return r;
        }()
        << QStringList{u"a.local -> 10.0.0.1 [active]"_qs};
    QTest::newRow("GRPCRoute on an HTTPS listener")
        << QList<GatewayRecord>{gatewayWith(
               {listener(u"https"_qs, {}, 443, u"All"_qs, u"HTTPS"_qs)}, ip)}
        << route({u"a.local"_qs}, {parentRef()}, true, RouteKind::Grpc)
        << QStringList{u"a.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("TLSRoute on a TLS listener")
        << QList<GatewayRecord>{gatewayWith({listener(u"tls"_qs, {}, 443, u"All"_qs, u"TLS"_qs)},
                                            ip)}
        << route({u"a.local"_qs}, {parentRef()}, true, RouteKind::Tls)
        << QStringList{u"a.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("TLSRoute not on an HTTPS listener")
        << QList<GatewayRecord>{gatewayWith(
               {listener(u"https"_qs, {}, 443, u"All"_qs, u"HTTPS"_qs)}, ip)}
        << route({u"a.local"_qs}, {parentRef()}, true, RouteKind::Tls) << QStringList{};
    QTest::newRow("HTTPRoute not on a TLS listener")
        << QList<GatewayRecord>{gatewayWith({listener(u"tls"_qs, {}, 443, u"All"_qs, u"TLS"_qs)},
                                            ip)}
        << route({u"a.local"_qs}, {parentRef()}) << QStringList{};
    QTest::newRow("allowedRoutes.kinds admits only the kinds it names")
        << QList<GatewayRecord>{[&] {
               auto g = gatewayWith({listener(u"http"_qs, {})}, ip);
               g.listeners[0].routeKinds = {u"HTTPRoute"_qs};
               return g;
           }()}
        << route({u"a.local"_qs}, {parentRef()}, true, RouteKind::Grpc) << QStringList{};
    QTest::newRow("hostname annotation intersects the listener too")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, u"*.apps.local"_qs)}, ip)} <<
        [&] {
            auto r = route({}, {parentRef()});
            r.dns.hostnames = {u"x.apps.local"_qs, u"y.other.local"_qs};
            return r;
        }()
        << QStringList{u"x.apps.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("gateway-hostname-source annotation-only")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {})}, ip)} <<
        [&] {
            auto r = route({u"spec.local"_qs}, {parentRef()});
            r.dns.hostnames = {u"note.local"_qs};
            r.dns.hostnameSource = u"annotation-only"_qs;
            return r;
        }()
        << QStringList{u"note.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("gateway-hostname-source unknown: both, as ExternalDNS")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {})}, ip)} <<
        [&] {
            auto r = route({u"spec.local"_qs}, {parentRef()});
            r.dns.hostnames = {u"note.local"_qs};
            r.dns.hostnameSource = u"sometimes"_qs;
            return r;
        }()
        << QStringList{u"spec.local -> 172.18.0.50 [active]"_qs,
                       u"note.local -> 172.18.0.50 [active]"_qs};
    QTest::newRow("wildcard result reported")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, u"*.apps.local"_qs)}, ip)}
        << route({}, {parentRef()})
        << QStringList{u"*.apps.local -> 172.18.0.50 [wildcard not supported]"_qs};
    QTest::newRow("gateway hostname address")
        << QList<GatewayRecord>{gatewayWith({listener(u"http"_qs, {})}, {{{}, u"localhost"_qs}})}
        << route({u"a.local"_qs}, {parentRef()})
        << QStringList{u"a.local -> 127.0.0.1 [active]"_qs, u"a.local -> ::1 [active]"_qs};
}

void TestMappingResolver::gateway()
{
    QFETCH(QList<GatewayRecord>, gateways);
    QFETCH(RouteRecord, route);
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
    QCOMPARE(describe(MappingResolver::fromRoute(ctx, route, lookup, labels)), expected);
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
