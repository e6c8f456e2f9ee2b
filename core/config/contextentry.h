#pragma once

#include <QString>

// contexts[].context as written: names a cluster and a user, and a default namespace.
struct ContextEntry
{
    QString cluster;
    QString user;
    QString namespaceName;

    bool operator==(const ContextEntry &) const = default;
};
