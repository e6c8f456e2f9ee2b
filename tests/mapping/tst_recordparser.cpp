#include "core/mapping/recordparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad fixture: %s", qPrintable(error.errorString()));
    return doc.object();
}

} // namespace

class TestRecordParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ingress();
    void externalDnsAnnotations();
    void serviceWithBothAnnotationPrefixes();
    void gatewayAndRoute();
    void hostileInputYieldsEmptyFields();
};

void TestRecordParser::ingress()
{
    const auto r = RecordParser::ingress(json(R"({
      "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
      "metadata": {"name": "dash", "namespace": "tyk", "creationTimestamp": "2024-05-01T10:00:00Z",
                   "annotations": {"external-dns.alpha.kubernetes.io/target": "10.1.1.1"}},
      "spec": {"rules": [{"host": "a.local", "http": {}}, {"http": {}}, {"host": "b.local"}],
               "tls": [{"hosts": ["tls-only.local"]}]},
      "status": {"loadBalancer": {"ingress": [{"ip": "172.18.0.200"}, {"hostname": "lb.example.com"}]}}})"));
    QCOMPARE(r.key, (ObjectKey{u"tyk"_qs, u"dash"_qs}));
    QCOMPARE(r.created, u"2024-05-01T10:00:00Z"_qs);
    QCOMPARE(r.hosts, (QStringList{u"a.local"_qs, u"b.local"_qs}));
    QCOMPARE(r.tlsHosts, QStringList{u"tls-only.local"_qs});
    QCOMPARE(r.addresses,
             (QList<LoadBalancerAddress>{{u"172.18.0.200"_qs, {}}, {{}, u"lb.example.com"_qs}}));
    QCOMPARE(r.dns.targets, QStringList{u"10.1.1.1"_qs});
    QVERIFY(!r.dns.otherController);
}

void TestRecordParser::externalDnsAnnotations()
{
    const auto r = RecordParser::ingress(json(R"({"metadata": {"name": "i", "namespace": "n",
      "annotations": {"external-dns.kubernetes.io/hostname": "a.example.org., b.example.org",
                      "external-dns.kubernetes.io/target": "lb.example.net.",
                      "external-dns.kubernetes.io/ingress-hostname-source": " Annotation-Only ",
                      "external-dns.kubernetes.io/controller": "dns-controller"}},
      "spec": {"rules": [{"host": "rule.example.org."}], "tls": [{"hosts": ["t.example.org.", 5]}]},
      "status": {"loadBalancer": {"ingress": [{"hostname": "elb.example.com."}]}}})"));
    // Absolute names (a trailing dot) are the same names without it.
    QCOMPARE(r.dns.hostnames, (QStringList{u"a.example.org"_qs, u"b.example.org"_qs}));
    QCOMPARE(r.dns.targets, QStringList{u"lb.example.net"_qs});
    QCOMPARE(r.hosts, QStringList{u"rule.example.org"_qs});
    QCOMPARE(r.tlsHosts, QStringList{u"t.example.org"_qs});
    QCOMPARE(r.addresses.value(0).hostname, u"elb.example.com"_qs);
    QCOMPARE(r.dns.hostnameSource, u"annotation-only"_qs);
    QVERIFY(!r.dns.otherController); // kops' value is ExternalDNS's own

    const auto other = RecordParser::httpRoute(json(R"({"metadata": {"name": "r", "namespace": "n",
      "annotations": {"external-dns.alpha.kubernetes.io/controller": "someone-else",
                      "external-dns.alpha.kubernetes.io/gateway-hostname-source": "defined-hosts-only"}},
      "spec": {"hostnames": ["web.example.org."]}})"));
    QVERIFY(other.dns.otherController);
    QCOMPARE(other.dns.hostnameSource, u"defined-hosts-only"_qs);
    QCOMPARE(other.hostnames, QStringList{u"web.example.org"_qs});
    QCOMPARE(int(other.kind), int(RouteKind::Http));
    QCOMPARE(int(RecordParser::tlsRoute(json(R"({"metadata": {"name": "t"}})")).kind),
             int(RouteKind::Tls));
    QCOMPARE(int(RecordParser::grpcRoute(json(R"({"metadata": {"name": "g"}})")).kind),
             int(RouteKind::Grpc));
}

void TestRecordParser::serviceWithBothAnnotationPrefixes()
{
    const auto ga = RecordParser::service(json(R"({"metadata": {"name": "s", "namespace": "n",
        "annotations": {"external-dns.kubernetes.io/hostname": " a.local, b.local ,,"}},
        "spec": {"type": "LoadBalancer", "externalIPs": ["10.5.5.5"]},
        "status": {"loadBalancer": {"ingress": [{"ip": "10.0.0.5", "ipMode": "VIP"}]}}})"));
    QVERIFY(ga.loadBalancer);
    QCOMPARE(ga.dns.hostnames, (QStringList{u"a.local"_qs, u"b.local"_qs}));
    QCOMPARE(ga.externalIps, QStringList{u"10.5.5.5"_qs});
    const auto alpha = RecordParser::service(json(R"({"metadata": {"name": "s", "namespace": "n",
        "annotations": {"external-dns.alpha.kubernetes.io/hostname": "c.local"}}, "spec": {"type": "ClusterIP"}})"));
    QVERIFY(!alpha.loadBalancer);
    QCOMPARE(alpha.dns.hostnames, QStringList{u"c.local"_qs});
}

void TestRecordParser::gatewayAndRoute()
{
    const auto g = RecordParser::gateway(json(R"({"metadata": {"name": "gw", "namespace": "infra"},
      "spec": {"gatewayClassName": "x", "listeners": [
        {"name": "http", "port": 80, "protocol": "HTTP", "hostname": "*.apps.local",
         "allowedRoutes": {"namespaces": {"from": "Selector", "selector": {"matchLabels": {"gw": "yes"}}},
                           "kinds": [{"kind": "HTTPRoute"}]}},
        {"name": "https", "port": 443, "protocol": "HTTPS"}]},
      "status": {"addresses": [{"type": "IPAddress", "value": "172.18.0.50"}, {"value": "172.18.0.51"},
                               {"type": "Hostname", "value": "gw.example.com"}, {"type": "NamedAddress", "value": "x"}]}})"));
    QCOMPARE(g.listeners.size(), 2);
    QCOMPARE(g.listeners[0].routesFrom, u"Selector"_qs);
    QCOMPARE(g.listeners[0].routesSelector.matchLabels.value(u"gw"_qs), u"yes"_qs);
    QCOMPARE(g.listeners[0].routeKinds, QStringList{u"HTTPRoute"_qs});
    QCOMPARE(g.listeners[1].routesFrom, u"Same"_qs);
    QCOMPARE(g.addresses,
             (QList<LoadBalancerAddress>{
                 {u"172.18.0.50"_qs, {}}, {u"172.18.0.51"_qs, {}}, {{}, u"gw.example.com"_qs}}));

    const auto r =
        RecordParser::httpRoute(json(R"({"metadata": {"name": "web", "namespace": "apps"},
      "spec": {"hostnames": ["a.apps.local"], "parentRefs": [{"name": "gw", "namespace": "infra", "sectionName": "http"},
                                                            {"name": "local"}]},
      "status": {"parents": [{"parentRef": {"name": "gw", "namespace": "infra", "sectionName": "http"},
                              "controllerName": "x", "conditions": [{"type": "Accepted", "status": "True"}]},
                             {"parentRef": {"name": "local"}, "conditions": [{"type": "Accepted", "status": "False"}]}]}})"));
    QCOMPARE(r.parents.size(), 2);
    QCOMPARE(r.parents[1].ns, u"apps"_qs); // defaults to the route's namespace
    QCOMPARE(r.parents[1].kind, u"Gateway"_qs);
    QCOMPARE(r.acceptedParents.size(), 1);
    QCOMPARE(r.acceptedParents[0], r.parents[0]);
}

void TestRecordParser::hostileInputYieldsEmptyFields()
{
    const auto r = RecordParser::ingress(json(R"({"metadata": {"name": 5, "namespace": ["x"]},
      "spec": {"rules": {"host": "a"}}, "status": {"loadBalancer": {"ingress": [7, {"ip": {"x": 1}}, "s"]}}})"));
    QVERIFY(r.key.name.isEmpty() && r.key.ns.isEmpty());
    QVERIFY(r.hosts.isEmpty());
    QVERIFY(r.addresses.isEmpty());

    QByteArray many = R"({"spec": {"rules": [)";
    for (int i = 0; i < 5000; ++i)
        many += R"({"host": "h.local"},)";
    many += R"({}]}})";
    QCOMPARE(RecordParser::ingress(QJsonDocument::fromJson(many).object()).hosts.size(), 256);
    const QString huge(100000, u'a');
    QJsonObject o{
        {u"spec"_qs, QJsonObject{{u"rules"_qs, QJsonArray{QJsonObject{{u"host"_qs, huge}}}}}}};
    QCOMPARE(RecordParser::ingress(o).hosts.value(0).size(), 512);
}

QTEST_GUILESS_MAIN(TestRecordParser)
#include "tst_recordparser.moc"
