#pragma once

#include "core/dns/dnsrecord.h"

#include <QString>

#include <optional>

// ExternalDNS's TXT registry, so k8s-hosts, ExternalDNS and other k8s-hosts instances share
// one zone and none changes a name another owns. The owner of the A records at
// app.example.test is written in a TXT record at a-app.example.test (AAAA: aaaa-…), whose
// value is "heritage=external-dns,external-dns/owner=ID,external-dns/resource=kind/ns/name"
// (ExternalDNS's labels, sorted by key after the heritage).
namespace TxtRegistry {

QString ownerName(const QString &name, RecordType type);
// The record an ownership name stands for: "aaaa-app.example.test" → (app.example.test, AAAA).
std::optional<std::pair<QString, RecordType>> recordOf(const QString &ownerName);

QString value(const QString &owner, const QString &resource);
// The owner a registry value names; nullopt when it is not ExternalDNS's format.
std::optional<QString> ownerOf(const QString &value);
// What ExternalDNS calls the resource, from our comment "context/ns/Ingress/web":
// "ingress/ns/web".
QString resourceOf(const QString &comment);
// An owner ID that fits the registry: letters, digits, '-', '.', '_' and '@'.
bool isValidOwner(const QString &owner);

} // namespace TxtRegistry
