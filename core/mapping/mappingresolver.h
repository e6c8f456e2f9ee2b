#pragma once

#include "core/mapping/hostmapping.h"
#include "core/mapping/resourcerecords.h"

#include <functional>
#include <optional>

// Pure functions from watched objects to host mappings, the way ExternalDNS would publish
// them: hosts from the object, the address from the ExternalDNS target annotation when set,
// else from the load balancer's status (the first entry).
namespace MappingResolver {

HostMappings fromIngress(const QString &context, const IngressRecord &ingress);
HostMappings fromService(const QString &context, const ServiceRecord &service);

using GatewayLookup = std::function<const GatewayRecord *(const ObjectKey &)>;
using NamespaceLabels = std::function<QHash<QString, QString>(const QString &ns)>;
HostMappings fromHttpRoute(const QString &context, const HttpRouteRecord &route,
                           const GatewayLookup &gateway, const NamespaceLabels &labels);

// Gateway API listener/route hostname intersection: the more specific of the two when the
// wildcard side matches the other (any depth); nullopt when they do not meet.
std::optional<QString> intersectHostnames(const QString &listener, const QString &route);

} // namespace MappingResolver
