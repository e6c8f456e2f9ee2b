#pragma once

#include "core/kube/recordstore.h"
#include "core/mapping/desiredhosts.h"
#include "core/mapping/hostmapping.h"
#include "core/mapping/resourcerecords.h"
#include "core/sync/sourceset.h"

// The kinds of objects a context watches.
enum class ObjectKind
{
    Namespace,
    Ingress,
    Service,
    Gateway,
    HttpRoute,
    GrpcRoute,
    TlsRoute
};

// The sources a kind feeds: Gateways feed every route kind, namespaces none.
Sources sourcesOf(ObjectKind kind);

// One context's watched objects (slim records) and the mappings they produce. Mappings of
// Ingresses and Services are cached per object, so one event recomputes one object; routes
// depend on Gateways and namespace labels and are recomputed together when any changes.
class ClusterState
{
public:
    explicit ClusterState(QString context);

    // Each returns true when mappings may have changed.
    bool upsert(ObjectKind kind, const QJsonObject &object);
    bool remove(ObjectKind kind, const QJsonObject &object);
    void beginRelist(ObjectKind kind, const QString &scope);
    bool endRelist(ObjectKind kind, const QString &scope);
    bool removeScope(ObjectKind kind, const QString &scope);
    void clear(ObjectKind kind);

    // The mappings of the selected namespaces and sources, keyed by the object that produced
    // them ("Ingress/ns/name").
    ObjectMappings mappingsByObject(const NamespaceSelection &selection, Sources sources) const;
    // The objects whose mappings changed since the last call, each with its mappings now
    // (empty: gone, or outside the selection and sources).
    ObjectMappings takeChanges(const NamespaceSelection &selection, Sources sources);
    void forgetChanges() { m_changed.clear(); }
    QStringList namespaces() const; // sorted
    int objectCount() const;

private:
    RecordStore<RouteRecord> &routes(ObjectKind kind);
    const RecordStore<RouteRecord> &routes(ObjectKind kind) const;
    bool invalidate(ObjectKind kind, const QStringList &keys);
    void refreshRoutes() const;

    QString m_context;
    RecordStore<NamespaceRecord> m_namespaces;
    RecordStore<IngressRecord> m_ingresses;
    RecordStore<ServiceRecord> m_services;
    RecordStore<GatewayRecord> m_gateways;
    RecordStore<RouteRecord> m_httpRoutes;
    RecordStore<RouteRecord> m_grpcRoutes;
    RecordStore<RouteRecord> m_tlsRoutes;
    // By object key ("Ingress/ns/name", "TLSRoute/ns/name").
    QHash<QString, HostMappings> m_objectMappings;
    mutable QHash<QString, HostMappings> m_routeMappings;
    mutable bool m_routesStale = true;
    mutable QSet<QString> m_changed; // object keys, for takeChanges()
};
