#pragma once

#include "tests/support/resourcetype.h"

#include <QString>

#include <optional>

// A resource URL taken apart: /api/v1/namespaces/{ns}/services/{name},
// /apis/{group}/{version}/{plural}, /api/v1/namespaces/{name}, ...
struct ApiPath
{
    const ResourceType *type = nullptr;
    QString namespaceName; // empty: cluster-wide (or a cluster-scoped kind)
    QString name;          // empty: the collection
    QString subresource;

    // nullopt when the path names no resource type this server serves.
    static std::optional<ApiPath> parse(const QString &path);
};
