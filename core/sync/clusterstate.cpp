#include "core/sync/clusterstate.h"

#include "core/mapping/mappingresolver.h"
#include "core/mapping/recordparser.h"

#include <algorithm>

namespace {

// An object's key among all kinds: "<Kind>/ns/name", the kind spelled as its objects do.
struct KindKey
{
    ObjectKind kind;
    QString prefix;
};

const KindKey kindKeys[] = {
    {ObjectKind::Ingress, QStringLiteral("Ingress/")},
    {ObjectKind::Service, QStringLiteral("Service/")},
    {ObjectKind::HttpRoute, QStringLiteral("HTTPRoute/")},
    {ObjectKind::GrpcRoute, QStringLiteral("GRPCRoute/")},
    {ObjectKind::TlsRoute, QStringLiteral("TLSRoute/")},
};

const QString &prefixOf(ObjectKind kind)
{
    for (const KindKey &k : kindKeys) {
        if (k.kind == kind)
            return k.prefix;
    }
    return kindKeys[0].prefix;
}

ObjectKind kindOf(QStringView objectKey)
{
    for (const KindKey &k : kindKeys) {
        if (objectKey.startsWith(k.prefix))
            return k.kind;
    }
    return ObjectKind::Ingress;
}

bool selects(const QString &objectKey, const NamespaceSelection &selection, Sources sources)
{
    if (!(sources & sourcesOf(kindOf(objectKey))))
        return false;
    const qsizetype nsStart = objectKey.indexOf(u'/') + 1;
    return selection.all || selection.includes(QStringView(objectKey).sliced(
                                nsStart, objectKey.indexOf(u'/', nsStart) - nsStart));
}

} // namespace

Sources sourcesOf(ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Ingress:
        return Source::Ingress;
    case ObjectKind::Service:
        return Source::Service;
    case ObjectKind::Gateway:
        return gatewayRoutes();
    case ObjectKind::HttpRoute:
        return Source::HttpRoute;
    case ObjectKind::GrpcRoute:
        return Source::GrpcRoute;
    case ObjectKind::TlsRoute:
        return Source::TlsRoute;
    case ObjectKind::Namespace:
        break;
    }
    return {};
}

ClusterState::ClusterState(QString context)
    : m_context(std::move(context))
    , m_namespaces(&RecordParser::namespaceOf)
    , m_ingresses(&RecordParser::ingress)
    , m_services(&RecordParser::service)
    , m_gateways(&RecordParser::gateway)
    , m_httpRoutes(&RecordParser::httpRoute)
    , m_grpcRoutes(&RecordParser::grpcRoute)
    , m_tlsRoutes(&RecordParser::tlsRoute)
{}

const RecordStore<RouteRecord> &ClusterState::routes(ObjectKind kind) const
{
    return kind == ObjectKind::GrpcRoute  ? m_grpcRoutes
           : kind == ObjectKind::TlsRoute ? m_tlsRoutes
                                          : m_httpRoutes;
}

RecordStore<RouteRecord> &ClusterState::routes(ObjectKind kind)
{
    return kind == ObjectKind::GrpcRoute  ? m_grpcRoutes
           : kind == ObjectKind::TlsRoute ? m_tlsRoutes
                                          : m_httpRoutes;
}

// Namespaces are cluster-scoped: their store key is "/name".
bool ClusterState::upsert(ObjectKind kind, const QJsonObject &object)
{
    const QString key = RecordStore<IngressRecord>::keyOf(object);
    switch (kind) {
    case ObjectKind::Namespace:
        return m_namespaces.upsert(object) && invalidate(kind, {key});
    case ObjectKind::Ingress:
        if (!m_ingresses.upsert(object))
            return false;
        m_objectMappings.insert(prefixOf(kind) + key, MappingResolver::fromIngress(
                                                          m_context, m_ingresses.records()[key]));
        m_changed.insert(prefixOf(kind) + key);
        return true;
    case ObjectKind::Service:
        if (!m_services.upsert(object))
            return false;
        m_objectMappings.insert(prefixOf(kind) + key,
                                MappingResolver::fromService(m_context, m_services.records()[key]));
        m_changed.insert(prefixOf(kind) + key);
        return true;
    case ObjectKind::Gateway:
        return m_gateways.upsert(object) && invalidate(kind, {key});
    case ObjectKind::HttpRoute:
    case ObjectKind::GrpcRoute:
    case ObjectKind::TlsRoute:
        return routes(kind).upsert(object) && invalidate(kind, {key});
    }
    return false;
}

bool ClusterState::remove(ObjectKind kind, const QJsonObject &object)
{
    bool removed = false;
    switch (kind) {
    case ObjectKind::Namespace:
        removed = m_namespaces.remove(object);
        break;
    case ObjectKind::Ingress:
        removed = m_ingresses.remove(object);
        break;
    case ObjectKind::Service:
        removed = m_services.remove(object);
        break;
    case ObjectKind::Gateway:
        removed = m_gateways.remove(object);
        break;
    case ObjectKind::HttpRoute:
    case ObjectKind::GrpcRoute:
    case ObjectKind::TlsRoute:
        removed = routes(kind).remove(object);
        break;
    }
    return removed && invalidate(kind, {RecordStore<IngressRecord>::keyOf(object)});
}

void ClusterState::beginRelist(ObjectKind kind, const QString &scope)
{
    switch (kind) {
    case ObjectKind::Namespace:
        return m_namespaces.beginRelist(scope);
    case ObjectKind::Ingress:
        return m_ingresses.beginRelist(scope);
    case ObjectKind::Service:
        return m_services.beginRelist(scope);
    case ObjectKind::Gateway:
        return m_gateways.beginRelist(scope);
    case ObjectKind::HttpRoute:
    case ObjectKind::GrpcRoute:
    case ObjectKind::TlsRoute:
        return routes(kind).beginRelist(scope);
    }
}

bool ClusterState::endRelist(ObjectKind kind, const QString &scope)
{
    switch (kind) {
    case ObjectKind::Namespace:
        return invalidate(kind, m_namespaces.endRelist(scope));
    case ObjectKind::Ingress:
        return invalidate(kind, m_ingresses.endRelist(scope));
    case ObjectKind::Service:
        return invalidate(kind, m_services.endRelist(scope));
    case ObjectKind::Gateway:
        return invalidate(kind, m_gateways.endRelist(scope));
    case ObjectKind::HttpRoute:
    case ObjectKind::GrpcRoute:
    case ObjectKind::TlsRoute:
        return invalidate(kind, routes(kind).endRelist(scope));
    }
    return false;
}

bool ClusterState::removeScope(ObjectKind kind, const QString &scope)
{
    beginRelist(kind, scope);
    return endRelist(kind, scope);
}

void ClusterState::clear(ObjectKind kind)
{
    removeScope(kind, {});
}

bool ClusterState::invalidate(ObjectKind kind, const QStringList &keys)
{
    if (keys.isEmpty())
        return false;
    if (kind == ObjectKind::Ingress || kind == ObjectKind::Service) {
        for (const QString &key : keys) {
            m_objectMappings.remove(prefixOf(kind) + key);
            m_changed.insert(prefixOf(kind) + key);
        }
    } else {
        m_routesStale = true; // namespaces, Gateways and routes: every route is decided again
    }
    return true;
}

// Routes depend on Gateways and namespace labels: all are recomputed when any changed.
void ClusterState::refreshRoutes() const
{
    if (!m_routesStale)
        return;
    for (auto it = m_routeMappings.cbegin(); it != m_routeMappings.cend(); ++it)
        m_changed.insert(it.key());
    m_routeMappings.clear();
    const auto gatewayFor = [this](const ObjectKey &key) -> const GatewayRecord * {
        const auto &records = m_gateways.records();
        const auto it = records.constFind(key.ns + u'/' + key.name);
        return it == records.cend() ? nullptr : &*it;
    };
    const auto labelsOf = [this](const QString &ns) {
        return m_namespaces.records().value(u'/' + ns).labels;
    };
    for (const ObjectKind kind :
         {ObjectKind::HttpRoute, ObjectKind::GrpcRoute, ObjectKind::TlsRoute}) {
        const auto &records = routes(kind).records();
        for (auto it = records.cbegin(); it != records.cend(); ++it) {
            const QString key = prefixOf(kind) + it.key();
            m_routeMappings.insert(
                key, MappingResolver::fromRoute(m_context, *it, gatewayFor, labelsOf));
            m_changed.insert(key);
        }
    }
    m_routesStale = false;
}

ObjectMappings ClusterState::mappingsByObject(const NamespaceSelection &selection,
                                              Sources sources) const
{
    if (sources & gatewayRoutes())
        refreshRoutes();
    ObjectMappings out;
    for (const QHash<QString, HostMappings> *cache :
         {&m_objectMappings, &std::as_const(m_routeMappings)}) {
        for (auto it = cache->cbegin(); it != cache->cend(); ++it) {
            if (!it->isEmpty() && selects(it.key(), selection, sources))
                out.insert(it.key(), *it);
        }
    }
    return out;
}

ObjectMappings ClusterState::takeChanges(const NamespaceSelection &selection, Sources sources)
{
    if (sources & gatewayRoutes())
        refreshRoutes();
    ObjectMappings out;
    for (const QString &object : std::as_const(m_changed)) {
        const ObjectKind kind = kindOf(object);
        const bool route = kind != ObjectKind::Ingress && kind != ObjectKind::Service;
        const auto &cache = route ? m_routeMappings : m_objectMappings;
        out.insert(object,
                   selects(object, selection, sources) ? cache.value(object) : HostMappings{});
    }
    m_changed.clear();
    return out;
}

QStringList ClusterState::namespaces() const
{
    QStringList names;
    for (const NamespaceRecord &ns : m_namespaces.records())
        names.append(ns.name);
    std::sort(names.begin(), names.end());
    return names;
}

int ClusterState::objectCount() const
{
    return int(m_ingresses.records().size() + m_services.records().size() +
               m_gateways.records().size() + m_httpRoutes.records().size() +
               m_grpcRoutes.records().size() + m_tlsRoutes.records().size());
}
