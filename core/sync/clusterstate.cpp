#include "core/sync/clusterstate.h"

#include "core/mapping/mappingresolver.h"
#include "core/mapping/recordparser.h"

#include <algorithm>

namespace {

// An object's key among all kinds: "Ingress/ns/name". Route keys name the kind as routes do.
const QString ingressPrefix = QStringLiteral("Ingress/");
const QString servicePrefix = QStringLiteral("Service/");
const QString routePrefix = QStringLiteral("HTTPRoute/");

Source sourceOf(const QString &objectKey)
{
    return objectKey.startsWith(ingressPrefix)   ? Source::Ingress
           : objectKey.startsWith(servicePrefix) ? Source::Service
                                                 : Source::Gateway;
}

bool selects(const QString &objectKey, const NamespaceSelection &selection, Sources sources)
{
    if (!(sources & sourceOf(objectKey)))
        return false;
    const qsizetype nsStart = objectKey.indexOf(u'/') + 1;
    return selection.all || selection.includes(QStringView(objectKey).sliced(
                                nsStart, objectKey.indexOf(u'/', nsStart) - nsStart));
}

} // namespace

ClusterState::ClusterState(QString context)
    : m_context(std::move(context))
    , m_namespaces(&RecordParser::namespaceOf)
    , m_ingresses(&RecordParser::ingress)
    , m_services(&RecordParser::service)
    , m_gateways(&RecordParser::gateway)
    , m_routes(&RecordParser::httpRoute)
{}

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
        m_ingressMappings.insert(
            key, MappingResolver::fromIngress(m_context, m_ingresses.records().value(key)));
        m_changed.insert(ingressPrefix + key);
        return true;
    case ObjectKind::Service:
        if (!m_services.upsert(object))
            return false;
        m_serviceMappings.insert(
            key, MappingResolver::fromService(m_context, m_services.records().value(key)));
        m_changed.insert(servicePrefix + key);
        return true;
    case ObjectKind::Gateway:
        return m_gateways.upsert(object) && invalidate(kind, {key});
    case ObjectKind::HttpRoute:
        return m_routes.upsert(object) && invalidate(kind, {key});
    }
    return false;
}

bool ClusterState::remove(ObjectKind kind, const QJsonObject &object)
{
    const QString key = RecordStore<IngressRecord>::keyOf(object);
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
        removed = m_routes.remove(object);
        break;
    }
    return removed && invalidate(kind, {key});
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
        return m_routes.beginRelist(scope);
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
        return invalidate(kind, m_routes.endRelist(scope));
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
    switch (kind) {
    case ObjectKind::Ingress:
        for (const QString &key : keys) {
            m_ingressMappings.remove(key);
            m_changed.insert(ingressPrefix + key);
        }
        break;
    case ObjectKind::Service:
        for (const QString &key : keys) {
            m_serviceMappings.remove(key);
            m_changed.insert(servicePrefix + key);
        }
        break;
    case ObjectKind::Namespace:
    case ObjectKind::Gateway:
    case ObjectKind::HttpRoute:
        m_routesStale = true;
        break;
    }
    return true;
}

// Routes depend on Gateways and namespace labels: all are recomputed when any changed.
void ClusterState::refreshRoutes() const
{
    if (!m_routesStale)
        return;
    for (auto it = m_routeMappings.cbegin(); it != m_routeMappings.cend(); ++it)
        m_changed.insert(routePrefix + it.key());
    m_routeMappings.clear();
    const auto gatewayFor = [this](const ObjectKey &key) -> const GatewayRecord * {
        const auto &records = m_gateways.records();
        const auto it = records.constFind(key.ns + u'/' + key.name);
        return it == records.cend() ? nullptr : &*it;
    };
    const auto labelsOf = [this](const QString &ns) {
        return m_namespaces.records().value(u'/' + ns).labels;
    };
    for (auto it = m_routes.records().cbegin(); it != m_routes.records().cend(); ++it) {
        m_routeMappings.insert(
            it.key(), MappingResolver::fromHttpRoute(m_context, *it, gatewayFor, labelsOf));
        m_changed.insert(routePrefix + it.key());
    }
    m_routesStale = false;
}

ObjectMappings ClusterState::mappingsByObject(const NamespaceSelection &selection,
                                              Sources sources) const
{
    if (sources & Source::Gateway)
        refreshRoutes();
    ObjectMappings out;
    const auto collect = [&](const QHash<QString, HostMappings> &cache, const QString &prefix) {
        for (auto it = cache.cbegin(); it != cache.cend(); ++it) {
            if (!it->isEmpty() && selects(prefix + it.key(), selection, sources))
                out.insert(prefix + it.key(), *it);
        }
    };
    collect(m_ingressMappings, ingressPrefix);
    collect(m_routeMappings, routePrefix);
    collect(m_serviceMappings, servicePrefix);
    return out;
}

ObjectMappings ClusterState::takeChanges(const NamespaceSelection &selection, Sources sources)
{
    if (sources & Source::Gateway)
        refreshRoutes();
    ObjectMappings out;
    for (const QString &object : std::as_const(m_changed)) {
        const Source source = sourceOf(object);
        const auto &cache = source == Source::Ingress   ? m_ingressMappings
                            : source == Source::Service ? m_serviceMappings
                                                        : m_routeMappings;
        const QString key = object.mid(object.indexOf(u'/') + 1);
        out.insert(object, selects(object, selection, sources) ? cache.value(key) : HostMappings{});
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
               m_gateways.records().size() + m_routes.records().size());
}
