#pragma once

#include "core/mapping/resourcerecords.h"

#include <QJsonObject>

// Extracts the fields mapping needs from API objects. Hostile input (wrong types, missing
// fields, absurd sizes) yields empty fields, never a crash: everything is re-validated
// before it reaches a hosts file.
namespace RecordParser {

ObjectKey keyOf(const QJsonObject &object);
IngressRecord ingress(const QJsonObject &object);
ServiceRecord service(const QJsonObject &object);
GatewayRecord gateway(const QJsonObject &object);
RouteRecord httpRoute(const QJsonObject &object);
RouteRecord grpcRoute(const QJsonObject &object);
RouteRecord tlsRoute(const QJsonObject &object);
NamespaceRecord namespaceOf(const QJsonObject &object);

// The ExternalDNS annotation under either prefix (external-dns.kubernetes.io/ from v0.22,
// external-dns.alpha.kubernetes.io/ before), split at commas, trimmed, empties dropped, a
// trailing dot (an absolute name) taken off.
QStringList externalDnsList(const QJsonObject &object, QStringView key);

} // namespace RecordParser
