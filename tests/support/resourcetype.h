#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// The kinds of object the fake API server serves.
enum class ResourceKind
{
    Namespace,
    Service,
    Ingress,
    Gateway,
    HTTPRoute,
    GRPCRoute,
    TLSRoute
};

// What discovery says about one kind, and how its URLs are spelled.
struct ResourceType
{
    ResourceKind kind;
    QString group; // empty for the core group
    QString version;
    QString plural;
    QString singular;
    QString kindName;
    bool namespaced;
    QStringList shortNames;
    QStringList categories;

    QString apiVersion() const { return group.isEmpty() ? version : group + u'/' + version; }
    QString listKind() const { return kindName + QStringLiteral("List"); }
    // "/api/v1" or "/apis/<group>/<version>"
    QString groupVersionPath() const;

    static const ResourceType &of(ResourceKind kind);
    static const QList<ResourceType> &all();
    // The type served at /api/v1/<plural> or /apis/<group>/<version>/<plural>, if any.
    static const ResourceType *find(const QString &group, const QString &version,
                                    const QString &plural);
};
