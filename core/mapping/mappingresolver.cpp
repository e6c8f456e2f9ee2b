#include "core/mapping/mappingresolver.h"

#include <algorithm>

namespace {

using namespace MappingResolver;

struct Target
{
    QString address;
    bool isName = false;
    QString via;
    friend bool operator==(const Target &, const Target &) = default;
};
using Targets = QList<Target>;

// A name and the field or annotation it came from.
struct Name
{
    QString host;
    QString origin;
};

void addTarget(Targets *out, const QString &value, bool isName)
{
    QList<Target> expanded;
    if (!isName) {
        expanded = {{value, false, {}}};
    } else if (value.compare(u"localhost", Qt::CaseInsensitive) == 0) {
        // Docker Desktop reports "localhost": both loopback families, since macOS stalls for
        // seconds on names that have only an IPv4 entry.
        expanded = {{QStringLiteral("127.0.0.1"), false, value},
                    {QStringLiteral("::1"), false, value}};
    } else {
        expanded = {{value, true, value}};
    }
    for (const Target &t : expanded) {
        if (!out->contains(t))
            out->append(t);
    }
}

bool looksLikeAddress(const QString &value)
{
    // A target annotation value: an IPv4 or IPv6 literal is an address, anything else a name.
    return value.contains(u':') || std::all_of(value.begin(), value.end(),
                                               [](QChar c) { return c.isDigit() || c == u'.'; });
}

// ExternalDNS's order: the target annotation replaces everything; a Service's externalIPs
// replace its status; otherwise every status entry, its IP and its DNS name both.
Targets targetsOf(const QStringList &annotation, const QStringList &externalIps,
                  const QList<LoadBalancerAddress> &status)
{
    Targets out;
    if (!annotation.isEmpty()) {
        for (const QString &t : annotation)
            addTarget(&out, t, !looksLikeAddress(t));
        return out;
    }
    if (!externalIps.isEmpty()) {
        for (const QString &ip : externalIps)
            addTarget(&out, ip, false);
        return out;
    }
    for (const LoadBalancerAddress &a : status) {
        if (!a.ip.isEmpty())
            addTarget(&out, a.ip, false);
        if (!a.hostname.isEmpty())
            addTarget(&out, a.hostname, true);
    }
    return out;
}

void addMappings(HostMappings *out, const Name &name, const SourceRef &source,
                 const Targets &targets, const QString &waitingReason)
{
    if (name.host.contains(u'*')) {
        // Kept with its addresses: DNS publishers can serve it; hosts files cannot.
        const QString reason =
            QStringLiteral("%1 is a wildcard; hosts files can only hold exact names, so add the "
                           "names you use as rules of their own")
                .arg(name.host);
        const Targets shown = targets.isEmpty() ? Targets{Target{}} : targets;
        for (const Target &t : shown)
            out->append({name.host, t.address, t.isName, t.via, source, MappingState::Wildcard,
                         reason, name.origin});
        return;
    }
    if (targets.isEmpty()) {
        out->append({name.host,
                     {},
                     false,
                     {},
                     source,
                     MappingState::WaitingForAddress,
                     waitingReason,
                     name.origin});
        return;
    }
    for (const Target &t : targets)
        out->append({name.host, t.address, t.isName, t.via, source,
                     t.isName ? MappingState::Resolving : MappingState::Active,
                     t.isName ? QStringLiteral("looking up %1").arg(t.address) : QString(),
                     name.origin});
}

void addName(QList<Name> *names, const QString &host, const QString &origin)
{
    const QString lower = host.toLower();
    const bool known =
        std::any_of(names->cbegin(), names->cend(), [&](const Name &n) { return n.host == lower; });
    if (!lower.isEmpty() && !known)
        names->append({lower, origin});
}

// ingress-hostname-source / gateway-hostname-source: which of the two kinds of names count.
struct NameSources
{
    bool defined = true;
    bool annotation = true;
};

NameSources nameSources(const QString &value, bool unknownMeansNone)
{
    if (value.isEmpty())
        return {};
    if (value == u"defined-hosts-only")
        return {true, false};
    if (value == u"annotation-only")
        return {false, true};
    // ExternalDNS: an Ingress with an unknown value publishes nothing; a route warns and
    // publishes both.
    return unknownMeansNone ? NameSources{false, false} : NameSources{};
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

// Which listeners a route of this kind may attach to: HTTP and GRPC routes to HTTP and HTTPS
// listeners, TLS routes to TLS listeners (passthrough or terminate); allowedRoutes decides
// the rest.
bool listenerAdmits(const GatewayListener &l, const GatewayRecord &gateway,
                    const RouteRecord &route, const NamespaceLabels &labels)
{
    const bool protocolFits = route.kind == RouteKind::Tls
                                  ? l.protocol == u"TLS"
                                  : l.protocol == u"HTTP" || l.protocol == u"HTTPS";
    if (!protocolFits)
        return false;
    if (!l.routeKinds.isEmpty() && !l.routeKinds.contains(routeKindName(route.kind)))
        return false;
    if (l.routesFrom == u"All")
        return true;
    if (l.routesFrom == u"Selector")
        return l.routesSelector.matches(labels(route.key.ns));
    if (l.routesFrom == u"None")
        return false;
    return route.key.ns == gateway.key.ns; // Same (the default)
}

// One host a route serves, with what its parents give it.
struct Served
{
    Name name;
    Targets targets;       // of every accepted parent that serves the host
    QString acceptedBy;    // the first accepted parent, "ns/name"
    QString notAcceptedBy; // the first parent that would serve it but has not accepted
};

} // namespace

namespace MappingResolver {

HostMappings fromIngress(const QString &context, const IngressRecord &ingress)
{
    if (ingress.dns.otherController)
        return {};
    const SourceRef source{context, ingress.key.ns, QStringLiteral("Ingress"), ingress.key.name,
                           ingress.created};
    const NameSources use = nameSources(ingress.dns.hostnameSource, true);
    QList<Name> names;
    if (use.defined) {
        for (const QString &host : ingress.hosts)
            addName(&names, host, Origin::ruleHost);
        for (const QString &host : ingress.tlsHosts)
            addName(&names, host, Origin::tlsHost);
    }
    if (use.annotation) {
        for (const QString &host : ingress.dns.hostnames)
            addName(&names, host, Origin::hostnameAnnotation);
    }
    const Targets targets = targetsOf(ingress.dns.targets, {}, ingress.addresses);
    HostMappings out;
    for (const Name &name : std::as_const(names))
        addMappings(&out, name, source, targets,
                    QStringLiteral("the Ingress has no load-balancer address yet; is an ingress "
                                   "controller (and cloud-provider-kind on kind) running?"));
    return out;
}

HostMappings fromService(const QString &context, const ServiceRecord &service)
{
    if (!service.loadBalancer || service.dns.otherController)
        return {};
    const SourceRef source{context, service.key.ns, QStringLiteral("Service"), service.key.name,
                           service.created};
    QList<Name> names;
    for (const QString &host : service.dns.hostnames)
        addName(&names, host, Origin::hostnameAnnotation);
    const Targets targets = targetsOf(service.dns.targets, service.externalIps, service.addresses);
    HostMappings out;
    for (const Name &name : std::as_const(names))
        addMappings(
            &out, name, source, targets,
            QStringLiteral("the LoadBalancer Service has no address yet; is a load-balancer "
                           "provider (cloud-provider-kind, MetalLB, minikube tunnel) running?"));
    return out;
}

std::optional<QString> intersectHostnames(const QString &listenerHost, const QString &routeHost)
{
    const QString l = listenerHost.toLower();
    const QString r = routeHost.toLower();
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
    if (rWild && wildcardCovers(r, l)) // also a wildcard listener under a wider route wildcard
        return l;
    return std::nullopt;
}

HostMappings fromRoute(const QString &context, const RouteRecord &route,
                       const GatewayLookup &gatewayFor, const NamespaceLabels &labels)
{
    if (route.dns.otherController)
        return {};
    const SourceRef source{context, route.key.ns, routeKindName(route.kind), route.key.name,
                           route.created};
    const NameSources use = nameSources(route.dns.hostnameSource, false);
    QList<Name> routeNames;
    if (use.defined) {
        for (const QString &host : route.hostnames)
            addName(&routeNames, host, Origin::routeHostname);
    }
    if (use.annotation) {
        for (const QString &host : route.dns.hostnames)
            addName(&routeNames, host, Origin::hostnameAnnotation);
    }
    if (routeNames.isEmpty())
        routeNames.append({QString(), Origin::listenerHostname}); // the listener's names

    QList<Served> served; // in the order parents and listeners first yield each host
    for (const ParentRef &parent : route.parents) {
        if (parent.kind != u"Gateway" || parent.group != u"gateway.networking.k8s.io")
            continue;
        const GatewayRecord *gateway = gatewayFor({parent.ns, parent.name});
        if (!gateway)
            continue;
        const bool accepted =
            std::any_of(route.acceptedParents.begin(), route.acceptedParents.end(),
                        [&](const ParentRef &p) { return sameParent(p, parent); });
        const QString gatewayName = parent.ns + u'/' + parent.name;
        const Targets targets = targetsOf(gateway->targets, {}, gateway->addresses);
        for (const GatewayListener &l : gateway->listeners) {
            if ((!parent.sectionName.isEmpty() && l.name != parent.sectionName) ||
                (parent.port != 0 && l.port != parent.port) ||
                !listenerAdmits(l, *gateway, route, labels))
                continue;
            for (const Name &r : std::as_const(routeNames)) {
                const auto host = intersectHostnames(l.hostname, r.host);
                if (!host)
                    continue;
                auto it = std::find_if(served.begin(), served.end(),
                                       [&](const Served &s) { return s.name.host == *host; });
                if (it == served.end()) {
                    served.append(Served{{*host, r.origin}, {}, {}, {}});
                    it = served.end() - 1;
                }
                if (!accepted) {
                    if (it->notAcceptedBy.isEmpty())
                        it->notAcceptedBy = gatewayName;
                    continue;
                }
                if (it->acceptedBy.isEmpty())
                    it->acceptedBy = gatewayName;
                for (const Target &t : targets) {
                    if (!it->targets.contains(t))
                        it->targets.append(t);
                }
            }
        }
    }

    HostMappings out;
    for (const Served &s : std::as_const(served)) {
        if (s.acceptedBy.isEmpty()) {
            out.append({s.name.host,
                        {},
                        false,
                        {},
                        source,
                        MappingState::NotAccepted,
                        QStringLiteral("Gateway %1 has not accepted this route (yet); see the "
                                       "route's status.parents")
                            .arg(s.notAcceptedBy),
                        s.name.origin});
            continue;
        }
        addMappings(&out, s.name, source, s.targets,
                    QStringLiteral("Gateway %1 has no address yet; is its controller running?")
                        .arg(s.acceptedBy));
    }
    return out;
}

} // namespace MappingResolver
