#pragma once

#include "core/mapping/hostmapping.h"
#include "core/mapping/resourcerecords.h"

#include <functional>
#include <optional>

// Pure functions from watched objects to host mappings, the way ExternalDNS publishes them
// with its default flags: every name the object defines (and its hostname annotation), each
// with every address: the ExternalDNS target annotation when set, else spec.externalIPs
// (Services), else every load-balancer or Gateway address. One mapping per (host, address).
namespace MappingResolver {

// Where a name came from, as the Source column shows it.
namespace Origin {
inline const QString ruleHost = QStringLiteral("spec.rules[].host");
inline const QString tlsHost = QStringLiteral("spec.tls[].hosts");
inline const QString routeHostname = QStringLiteral("spec.hostnames");
inline const QString listenerHostname = QStringLiteral("listener hostname");
inline const QString hostnameAnnotation = QStringLiteral("hostname annotation");
} // namespace Origin

HostMappings fromIngress(const QString &context, const IngressRecord &ingress);
HostMappings fromService(const QString &context, const ServiceRecord &service);

using GatewayLookup = std::function<const GatewayRecord *(const ObjectKey &)>;
using NamespaceLabels = std::function<QHash<QString, QString>(const QString &ns)>;
// HTTPRoutes, GRPCRoutes and TLSRoutes: the names their accepted parents serve, each with the
// addresses of every Gateway that serves it.
HostMappings fromRoute(const QString &context, const RouteRecord &route,
                       const GatewayLookup &gateway, const NamespaceLabels &labels);

// Gateway API listener/route hostname intersection: the more specific of the two when the
// wildcard side matches the other (any depth); nullopt when they do not meet.
std::optional<QString> intersectHostnames(const QString &listener, const QString &route);

} // namespace MappingResolver
