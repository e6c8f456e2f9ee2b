#include "core/mapping/mappingresolver.h"

#include <algorithm>

namespace {

struct Target
{
    QString address;
    bool isName = false;
    QString via;
};

// Docker Desktop reports "localhost": both loopback families, since macOS stalls for
// seconds on names that have only an IPv4 entry.
QList<Target> targetsFor(const QString &value, bool isName)
{
    if (!isName)
        return {{value, false, {}}};
    if (value.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return {{QStringLiteral("127.0.0.1"), false, value}, {QStringLiteral("::1"), false, value}};
    return {{value, true, value}};
}

bool looksLikeAddress(const QString &value)
{
    // A target annotation value: an IPv4 or IPv6 literal is an address, anything else a name.
    return value.contains(u':') || std::all_of(value.begin(), value.end(),
                                               [](QChar c) { return c.isDigit() || c == u'.'; });
}

QList<Target> chooseTargets(const QStringList &annotationTargets, const QStringList &externalIps,
                            const QList<LoadBalancerAddress> &status)
{
    for (const QString &t : annotationTargets) {
        if (!t.isEmpty())
            return targetsFor(t, !looksLikeAddress(t));
    }
    for (const QString &ip : externalIps) {
        if (!ip.isEmpty())
            return targetsFor(ip, false);
    }
    for (const LoadBalancerAddress &a : status) {
        if (!a.ip.isEmpty())
            return targetsFor(a.ip, false);
    }
    for (const LoadBalancerAddress &a : status) {
        if (!a.hostname.isEmpty())
            return targetsFor(a.hostname, true);
    }
    return {};
}

void addMappings(HostMappings *out, const QString &host, const SourceRef &source,
                 const QList<Target> &targets, const QString &waitingReason)
{
    if (host.contains(u'*')) {
        out->append({host,
                     {},
                     false,
                     {},
                     source,
                     MappingState::Wildcard,
                     QStringLiteral("%1 is a wildcard; hosts files can only hold exact names, so "
                                    "add the names you use as rules of their own")
                         .arg(host)});
        return;
    }
    if (targets.isEmpty()) {
        out->append({host, {}, false, {}, source, MappingState::WaitingForAddress, waitingReason});
        return;
    }
    for (const Target &t : targets)
        out->append({host, t.address, t.isName, t.via, source,
                     t.isName ? MappingState::Resolving : MappingState::Active,
                     t.isName ? QStringLiteral("looking up %1").arg(t.address) : QString()});
}

QString lower(const QString &s)
{
    return s.toLower();
}

bool wildcardCovers(const QString &wildcard, const QString &name)
{
    // "*.ex.com" covers "a.ex.com" and "a.b.ex.com" (any depth), not "ex.com".
    const QStringView suffix = QStringView(wildcard).sliced(1); // ".ex.com"
    return name.size() > suffix.size() && name.endsWith(suffix);
}

bool sameParent(const ParentRef &a, const ParentRef &b)
{
    return a.ns == b.ns && a.name == b.name && a.sectionName == b.sectionName && a.port == b.port &&
           a.kind == b.kind && a.group == b.group;
}

bool listenerAdmits(const GatewayListener &l, const GatewayRecord &gateway,
                    const HttpRouteRecord &route, const MappingResolver::NamespaceLabels &labels)
{
    if (l.protocol != u"HTTP" && l.protocol != u"HTTPS")
        return false;
    if (!l.routeKinds.isEmpty() && !l.routeKinds.contains(u"HTTPRoute"))
        return false;
    if (l.routesFrom == u"All")
        return true;
    if (l.routesFrom == u"Selector")
        return l.routesSelector.matches(labels(route.key.ns));
    if (l.routesFrom == u"None")
        return false;
    return route.key.ns == gateway.key.ns; // Same (the default)
}

} // namespace

namespace MappingResolver {

HostMappings fromIngress(const QString &context, const IngressRecord &ingress)
{
    const SourceRef source{context, ingress.key.ns, QStringLiteral("Ingress"), ingress.key.name,
                           ingress.created};
    const auto targets = chooseTargets(ingress.targets, {}, ingress.addresses);
    HostMappings out;
    QStringList seen;
    for (const QString &host : ingress.hosts) {
        if (host.isEmpty() || seen.contains(host))
            continue;
        seen.append(host);
        addMappings(&out, host, source, targets,
                    QStringLiteral("the Ingress has no load-balancer address yet; is an ingress "
                                   "controller (and cloud-provider-kind on kind) running?"));
    }
    return out;
}

HostMappings fromService(const QString &context, const ServiceRecord &service)
{
    if (!service.loadBalancer)
        return {};
    const SourceRef source{context, service.key.ns, QStringLiteral("Service"), service.key.name,
                           service.created};
    const auto targets = chooseTargets(service.targets, service.externalIps, service.addresses);
    HostMappings out;
    QStringList seen;
    for (const QString &host : service.hosts) {
        if (host.isEmpty() || seen.contains(host))
            continue;
        seen.append(host);
        addMappings(
            &out, host, source, targets,
            QStringLiteral("the LoadBalancer Service has no address yet; is a load-balancer "
                           "provider (cloud-provider-kind, MetalLB, minikube tunnel) running?"));
    }
    return out;
}

std::optional<QString> intersectHostnames(const QString &listenerHost, const QString &routeHost)
{
    const QString l = lower(listenerHost);
    const QString r = lower(routeHost);
    if (l.isEmpty() && r.isEmpty())
        return std::nullopt;
    if (l.isEmpty())
        return r;
    if (r.isEmpty() || l == r)
        return l;
    const bool lWild = l.startsWith(u"*.");
    const bool rWild = r.startsWith(u"*.");
    if (lWild && wildcardCovers(l, rWild ? r.sliced(1) : r))
        return r;
    if (rWild && !lWild && wildcardCovers(r, l))
        return l;
    return std::nullopt;
}

HostMappings fromHttpRoute(const QString &context, const HttpRouteRecord &route,
                           const GatewayLookup &gatewayFor, const NamespaceLabels &labels)
{
    const SourceRef source{context, route.key.ns, QStringLiteral("HTTPRoute"), route.key.name,
                           route.created};
    const QStringList routeHosts =
        route.hostnames.isEmpty() ? QStringList{QString()} : route.hostnames;
    HostMappings out;
    QStringList seen;
    for (const ParentRef &parent : route.parents) {
        if (parent.kind != u"Gateway" || parent.group != u"gateway.networking.k8s.io")
            continue;
        const GatewayRecord *gateway = gatewayFor({parent.ns, parent.name});
        const bool accepted =
            std::any_of(route.acceptedParents.begin(), route.acceptedParents.end(),
                        [&](const ParentRef &p) { return sameParent(p, parent); });
        QStringList hosts;
        if (gateway) {
            for (const GatewayListener &l : gateway->listeners) {
                if ((!parent.sectionName.isEmpty() && l.name != parent.sectionName) ||
                    (parent.port != 0 && l.port != parent.port) ||
                    !listenerAdmits(l, *gateway, route, labels))
                    continue;
                for (const QString &r : routeHosts) {
                    if (const auto host = intersectHostnames(l.hostname, r);
                        host && !hosts.contains(*host))
                        hosts.append(*host);
                }
            }
        }
        for (const QString &host : hosts) {
            if (seen.contains(host))
                continue; // the first parent that yields a host serves it
            seen.append(host);
            if (!accepted) {
                out.append({host,
                            {},
                            false,
                            {},
                            source,
                            MappingState::NotAccepted,
                            QStringLiteral("Gateway %1/%2 has not accepted this route (yet); see "
                                           "the route's status.parents")
                                .arg(parent.ns, parent.name)});
                continue;
            }
            addMappings(
                &out, host, source, chooseTargets(gateway->targets, {}, gateway->addresses),
                QStringLiteral("Gateway %1/%2 has no address yet; is its controller running?")
                    .arg(parent.ns, parent.name));
        }
    }
    return out;
}

} // namespace MappingResolver
