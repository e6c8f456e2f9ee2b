#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// The discovery documents kubectl and client-go read to learn which groups, versions and
// resources exist: /version, /api, /api/v1, /apis, /apis/{group}, /apis/{group}/{version}.
// Plain application/json (not the aggregated v2 format), which every client accepts.
namespace DiscoveryDocuments {

inline constexpr auto GitVersion = "v1.32.4";

// The document served at path, if path is a discovery path; serverAddress is host:port.
std::optional<QByteArray> at(const QString &path, const QString &serverAddress);

} // namespace DiscoveryDocuments
