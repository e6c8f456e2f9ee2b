#pragma once

#include <QString>

#include <optional>

// RFC 1123 host names as hosts files can carry them: lowercase ASCII, labels 1-63 of
// [a-z0-9-] without a leading or trailing '-', at most 253 characters, and a last label
// that is not all digits (so nothing reads as an IPv4 literal).
namespace Hostname {

// "*.example.local": valid in an Ingress, impossible in a hosts file.
bool isWildcard(QStringView host);

// The lowercase form of a valid name, or nullopt with the reason in *why.
std::optional<QString> normalize(QStringView host, QString *why = nullptr);

// True when host equals suffix or ends with ".suffix" (both already normalized).
bool isUnder(QStringView host, QStringView suffix);

} // namespace Hostname
