#include "core/mapping/recordparser.h"

#include <QJsonArray>

#include <algorithm>

namespace {

// Caps that keep one hostile object from costing more than a few kilobytes.
constexpr qsizetype maxItems = 256;
constexpr qsizetype maxText = 512;

QString text(const QJsonValue &value)
{
    return value.isString() ? value.toString().left(maxText) : QString();
}

QJsonArray array(const QJsonValue &value)
{
    return value.isArray() ? value.toArray() : QJsonArray();
}

QJsonObject object(const QJsonValue &value)
{
    return value.isObject() ? value.toObject() : QJsonObject();
}

// "foo.example.org." is the absolute form of foo.example.org: the same name.
QString absolute(QString name)
{
    if (name.size() > 1 && name.endsWith(u'.'))
        name.chop(1);
    return name;
}

QStringList splitList(const QString &value)
{
    QStringList out;
    for (const QString &part : value.split(u',')) {
        const QString trimmed = absolute(part.trimmed());
        if (!trimmed.isEmpty() && out.size() < maxItems)
            out.append(trimmed);
    }
    return out;
}

// Appends every non-empty string of a JSON array, within the caps.
void appendNames(QStringList *out, const QJsonValue &values)
{
    for (const QJsonValue &value : array(values)) {
        const QString name = absolute(text(value));
        if (!name.isEmpty() && out->size() < maxItems)
            out->append(name);
    }
}

QList<LoadBalancerAddress> loadBalancer(const QJsonObject &status)
{
    QList<LoadBalancerAddress> out;
    for (const QJsonValue &entry : array(object(status.value(u"loadBalancer")).value(u"ingress"))) {
        const QJsonObject o = object(entry);
        LoadBalancerAddress a{text(o.value(u"ip")), absolute(text(o.value(u"hostname")))};
        if ((!a.ip.isEmpty() || !a.hostname.isEmpty()) && out.size() < maxItems)
            out.append(a);
    }
    return out;
}

QHash<QString, QString> stringMap(const QJsonValue &value)
{
    QHash<QString, QString> out;
    const QJsonObject o = object(value);
    for (auto it = o.begin(); it != o.end() && out.size() < maxItems; ++it)
        out.insert(it.key().left(maxText), text(it.value()));
    return out;
}

LabelSelector selector(const QJsonObject &o)
{
    LabelSelector s;
    s.matchLabels = stringMap(o.value(u"matchLabels"));
    for (const QJsonValue &e : array(o.value(u"matchExpressions"))) {
        const QJsonObject r = object(e);
        QStringList values;
        for (const QJsonValue &v : array(r.value(u"values")))
            values.append(text(v));
        s.matchExpressions.append({text(r.value(u"key")), text(r.value(u"operator")), values});
    }
    return s;
}

int port(const QJsonValue &value)
{
    const double p = value.toDouble(0);
    return p >= 1 && p <= 65535 ? int(p) : 0;
}

ParentRef parentRef(const QJsonObject &o, const QString &routeNamespace)
{
    ParentRef p;
    if (o.contains(u"group"))
        p.group = text(o.value(u"group"));
    if (o.contains(u"kind"))
        p.kind = text(o.value(u"kind"));
    p.ns = o.contains(u"namespace") ? text(o.value(u"namespace")) : routeNamespace;
    p.name = text(o.value(u"name"));
    p.sectionName = text(o.value(u"sectionName"));
    p.port = port(o.value(u"port"));
    return p;
}

QString created(const QJsonObject &o)
{
    return text(object(o.value(u"metadata")).value(u"creationTimestamp"));
}

QJsonValue externalDnsValue(const QJsonObject &o, QStringView key)
{
    const QJsonObject annotations = object(object(o.value(u"metadata")).value(u"annotations"));
    for (const QString &prefix : {QStringLiteral("external-dns.kubernetes.io/"),
                                  QStringLiteral("external-dns.alpha.kubernetes.io/")}) {
        const QJsonValue value = annotations.value(prefix + key.toString());
        if (value.isString())
            return value;
    }
    return {};
}

// sourceKey: "ingress-hostname-source" or "gateway-hostname-source".
ExternalDnsAnnotations externalDns(const QJsonObject &o, QStringView sourceKey = {})
{
    ExternalDnsAnnotations a;
    a.hostnames = RecordParser::externalDnsList(o, u"hostname");
    a.targets = RecordParser::externalDnsList(o, u"target");
    if (!sourceKey.isEmpty())
        a.hostnameSource = text(externalDnsValue(o, sourceKey)).trimmed().toLower();
    // ExternalDNS skips objects that name another controller (kops' is "dns-controller").
    const QJsonValue controller = externalDnsValue(o, u"controller");
    a.otherController = controller.isString() && controller.toString() != u"dns-controller";
    return a;
}

RouteRecord route(RouteKind kind, const QJsonObject &o)
{
    RouteRecord r{kind,
                  RecordParser::keyOf(o),
                  created(o),
                  {},
                  {},
                  {},
                  externalDns(o, u"gateway-hostname-source")};
    const QJsonObject spec = object(o.value(u"spec"));
    appendNames(&r.hostnames, spec.value(u"hostnames"));
    for (const QJsonValue &p : array(spec.value(u"parentRefs"))) {
        if (r.parents.size() < maxItems)
            r.parents.append(parentRef(object(p), r.key.ns));
    }
    for (const QJsonValue &value : array(object(o.value(u"status")).value(u"parents"))) {
        const QJsonObject status = object(value);
        const QJsonArray conditions = array(status.value(u"conditions"));
        const bool accepted =
            std::any_of(conditions.begin(), conditions.end(), [](const QJsonValue &c) {
                return text(object(c).value(u"type")) == u"Accepted" &&
                       text(object(c).value(u"status")) == u"True";
            });
        if (accepted && r.acceptedParents.size() < maxItems)
            r.acceptedParents.append(parentRef(object(status.value(u"parentRef")), r.key.ns));
    }
    return r;
}

} // namespace

namespace RecordParser {

ObjectKey keyOf(const QJsonObject &o)
{
    const QJsonObject metadata = object(o.value(u"metadata"));
    return {text(metadata.value(u"namespace")), text(metadata.value(u"name"))};
}

QStringList externalDnsList(const QJsonObject &o, QStringView key)
{
    return splitList(text(externalDnsValue(o, key)));
}

IngressRecord ingress(const QJsonObject &o)
{
    IngressRecord r{keyOf(o),
                    created(o),
                    {},
                    {},
                    loadBalancer(object(o.value(u"status"))),
                    externalDns(o, u"ingress-hostname-source")};
    const QJsonObject spec = object(o.value(u"spec"));
    for (const QJsonValue &rule : array(spec.value(u"rules"))) {
        const QString host = absolute(text(object(rule).value(u"host")));
        if (!host.isEmpty() && r.hosts.size() < maxItems)
            r.hosts.append(host);
    }
    for (const QJsonValue &tls : array(spec.value(u"tls")))
        appendNames(&r.tlsHosts, object(tls).value(u"hosts"));
    return r;
}

ServiceRecord service(const QJsonObject &o)
{
    const QJsonObject spec = object(o.value(u"spec"));
    ServiceRecord r{keyOf(o),
                    created(o),
                    text(spec.value(u"type")) == u"LoadBalancer",
                    {},
                    loadBalancer(object(o.value(u"status"))),
                    externalDns(o)};
    for (const QJsonValue &ip : array(spec.value(u"externalIPs"))) {
        const QString address = text(ip).trimmed();
        if (!address.isEmpty() && r.externalIps.size() < maxItems)
            r.externalIps.append(address);
    }
    return r;
}

GatewayRecord gateway(const QJsonObject &o)
{
    GatewayRecord r{keyOf(o), created(o), {}, {}, externalDnsList(o, u"target")};
    for (const QJsonValue &value : array(object(o.value(u"spec")).value(u"listeners"))) {
        const QJsonObject l = object(value);
        const QJsonObject allowed = object(l.value(u"allowedRoutes"));
        const QJsonObject namespaces = object(allowed.value(u"namespaces"));
        GatewayListener listener;
        listener.name = text(l.value(u"name"));
        listener.hostname = absolute(text(l.value(u"hostname")));
        listener.port = port(l.value(u"port"));
        listener.protocol = text(l.value(u"protocol"));
        if (namespaces.contains(u"from"))
            listener.routesFrom = text(namespaces.value(u"from"));
        listener.routesSelector = selector(object(namespaces.value(u"selector")));
        for (const QJsonValue &kind : array(allowed.value(u"kinds")))
            listener.routeKinds.append(text(object(kind).value(u"kind")));
        if (r.listeners.size() < maxItems)
            r.listeners.append(listener);
    }
    for (const QJsonValue &entry : array(object(o.value(u"status")).value(u"addresses"))) {
        const QJsonObject a = object(entry);
        const QString type =
            a.contains(u"type") ? text(a.value(u"type")) : QStringLiteral("IPAddress");
        const QString value = text(a.value(u"value")).trimmed();
        if (value.isEmpty() || r.addresses.size() >= maxItems)
            continue;
        if (type == u"IPAddress")
            r.addresses.append({value, {}});
        else if (type == u"Hostname")
            r.addresses.append({{}, absolute(value)});
    }
    return r;
}

RouteRecord httpRoute(const QJsonObject &o)
{
    return route(RouteKind::Http, o);
}

RouteRecord grpcRoute(const QJsonObject &o)
{
    return route(RouteKind::Grpc, o);
}

RouteRecord tlsRoute(const QJsonObject &o)
{
    return route(RouteKind::Tls, o);
}

NamespaceRecord namespaceOf(const QJsonObject &o)
{
    const QJsonObject metadata = object(o.value(u"metadata"));
    return {text(metadata.value(u"name")), stringMap(metadata.value(u"labels"))};
}

} // namespace RecordParser
