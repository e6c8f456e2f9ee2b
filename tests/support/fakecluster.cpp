#include "tests/support/fakecluster.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString keyOf(const QString &namespaceName, const QString &name)
{
    return namespaceName + u'/' + name;
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QJsonObject parse(const StoredObject &stored)
{
    return QJsonDocument::fromJson(stored.json).object();
}

} // namespace

FakeCluster::FakeCluster(QObject *parent)
    : QObject(parent)
{
    for (const ResourceType &type : ResourceType::all())
        m_stores[type.kind];
}

quint64 FakeCluster::create(ResourceKind kind, const QJsonObject &object, QString *error)
{
    return write(kind, object, true, false, error);
}

quint64 FakeCluster::update(ResourceKind kind, const QJsonObject &object, QString *error)
{
    return write(kind, object, false, true, error);
}

quint64 FakeCluster::apply(ResourceKind kind, const QJsonObject &object, QString *error)
{
    return write(kind, object, true, true, error);
}

quint64 FakeCluster::write(ResourceKind kind, const QJsonObject &object, bool mayCreate,
                           bool mayUpdate, QString *error)
{
    const ResourceType &type = ResourceType::of(kind);
    const QJsonObject metadata = object.value(u"metadata").toObject();
    const QString name = metadata.value(u"name").toString();
    const QString namespaceName =
        type.namespaced ? metadata.value(u"namespace").toString() : QString();
    if (name.isEmpty()) {
        fail(error, u"Every %1 needs metadata.name."_s.arg(type.kindName));
        return 0;
    }
    if (type.namespaced && namespaceName.isEmpty()) {
        fail(error, u"%1 %2 needs metadata.namespace."_s.arg(type.kindName, name));
        return 0;
    }
    Objects &store = m_stores[kind];
    const auto existing = store.find(keyOf(namespaceName, name));
    const bool exists = existing != store.end();
    if (exists && !mayUpdate) {
        fail(error, u"%1 %2/%3 already exists."_s.arg(type.kindName, namespaceName, name));
        return 0;
    }
    if (!exists && !mayCreate) {
        fail(error, u"%1 %2/%3 does not exist."_s.arg(type.kindName, namespaceName, name));
        return 0;
    }
    if (type.namespaced && !ensureNamespace(namespaceName, error))
        return 0;

    ClusterEvent event;
    event.kind = kind;
    event.type = exists ? ClusterEvent::Type::Modified : ClusterEvent::Type::Added;
    event.previous = exists ? existing->second : nullptr;
    event.object = makeStored(type, object, event.previous.get());
    store[event.object->key()] = event.object;
    record(std::move(event));
    return m_resourceVersion;
}

bool FakeCluster::ensureNamespace(const QString &name, QString *error)
{
    if (m_stores[ResourceKind::Namespace].count(keyOf({}, name)))
        return true;
    QJsonObject metadata{{u"name"_s, name}};
    return write(ResourceKind::Namespace, QJsonObject{{u"metadata"_s, metadata}}, true, false,
                 error) != 0;
}

StoredObjectPtr FakeCluster::makeStored(const ResourceType &type, QJsonObject object,
                                        const StoredObject *previous)
{
    auto stored = std::make_shared<StoredObject>();
    QJsonObject metadata = object.value(u"metadata").toObject();
    stored->name = metadata.value(u"name").toString();
    if (type.namespaced)
        stored->namespaceName = metadata.value(u"namespace").toString();
    else
        metadata.remove(u"namespace");
    stored->resourceVersion = m_resourceVersion + 1;

    if (previous) {
        // uid and creationTimestamp belong to the object's life, not to one write.
        const QJsonObject before = parse(*previous).value(u"metadata").toObject();
        metadata.insert(u"uid", before.value(u"uid"));
        metadata.insert(u"creationTimestamp", before.value(u"creationTimestamp"));
    } else {
        metadata.insert(u"uid", QUuid::createUuid().toString(QUuid::WithoutBraces));
        // A manifest may say when its object was made: who wins a name depends on it.
        if (!metadata.value(u"creationTimestamp").isString())
            metadata.insert(u"creationTimestamp",
                            QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    }
    if (type.kind == ResourceKind::Namespace) {
        // The API server labels every namespace with its name (selectors use it).
        QJsonObject labels = metadata.value(u"labels").toObject();
        labels.insert(u"kubernetes.io/metadata.name", stored->name);
        metadata.insert(u"labels", labels);
    }
    metadata.insert(u"resourceVersion", QString::number(stored->resourceVersion));
    const QJsonObject labels = metadata.value(u"labels").toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        stored->labels.insert(it.key(), it.value().toString());

    object.insert(u"kind", type.kindName);
    object.insert(u"apiVersion", type.apiVersion());
    object.insert(u"metadata", metadata);
    stored->json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return stored;
}

quint64 FakeCluster::remove(ResourceKind kind, const QString &namespaceName, const QString &name,
                            QString *error)
{
    const ResourceType &type = ResourceType::of(kind);
    const QString ns = type.namespaced ? namespaceName : QString();
    Objects &store = m_stores[kind];
    const auto existing = store.find(keyOf(ns, name));
    if (existing == store.end()) {
        fail(error, u"%1 %2/%3 does not exist."_s.arg(type.kindName, ns, name));
        return 0;
    }
    if (kind == ResourceKind::Namespace) {
        for (const ResourceType &other : ResourceType::all()) {
            if (!other.namespaced)
                continue;
            Objects &objects = m_stores[other.kind];
            const QString prefix = keyOf(name, {});
            QStringList names;
            for (auto it = objects.lower_bound(prefix);
                 it != objects.end() && it->first.startsWith(prefix); ++it)
                names << it->second->name;
            for (const QString &inner : std::as_const(names))
                remove(other.kind, name, inner);
        }
    }

    ClusterEvent event;
    event.kind = kind;
    event.type = ClusterEvent::Type::Deleted;
    event.previous = existing->second;
    // The deleted object's last state carries the deletion's resourceVersion.
    QJsonObject last = parse(*event.previous);
    QJsonObject metadata = last.value(u"metadata").toObject();
    metadata.insert(u"resourceVersion", QString::number(m_resourceVersion + 1));
    last.insert(u"metadata", metadata);
    auto stored = std::make_shared<StoredObject>(*event.previous);
    stored->resourceVersion = m_resourceVersion + 1;
    stored->json = QJsonDocument(last).toJson(QJsonDocument::Compact);
    event.object = std::move(stored);
    store.erase(existing);
    record(std::move(event));
    return m_resourceVersion;
}

void FakeCluster::record(ClusterEvent event)
{
    m_resourceVersion = event.resourceVersion();
    m_history.push_back(event);
    while (qsizetype(m_history.size()) > m_historyLimit) {
        m_compactedResourceVersion = m_history.front().resourceVersion();
        m_history.pop_front();
    }
    Q_EMIT eventRecorded(event);
}

std::optional<QJsonObject> FakeCluster::object(ResourceKind kind, const QString &namespaceName,
                                               const QString &name) const
{
    const Objects &objects = store(kind);
    const auto found =
        objects.find(keyOf(ResourceType::of(kind).namespaced ? namespaceName : QString(), name));
    if (found == objects.end())
        return std::nullopt;
    return parse(*found->second);
}

QList<QJsonObject> FakeCluster::objects(ResourceKind kind, const QString &namespaceName) const
{
    QList<QJsonObject> result;
    for (const auto &[key, stored] : store(kind)) {
        if (namespaceName.isEmpty() || stored->namespaceName == namespaceName)
            result << parse(*stored);
    }
    return result;
}

qsizetype FakeCluster::count(ResourceKind kind) const
{
    return qsizetype(store(kind).size());
}

const FakeCluster::Objects &FakeCluster::store(ResourceKind kind) const
{
    return m_stores.at(kind);
}

void FakeCluster::compact()
{
    m_history.clear();
    m_compactedResourceVersion = m_resourceVersion;
    Q_EMIT compacted(m_compactedResourceVersion);
}

void FakeCluster::setHistoryLimit(qsizetype events)
{
    m_historyLimit = std::max<qsizetype>(events, 0);
    while (qsizetype(m_history.size()) > m_historyLimit) {
        m_compactedResourceVersion = m_history.front().resourceVersion();
        m_history.pop_front();
    }
}

std::optional<QList<ClusterEvent>> FakeCluster::eventsSince(quint64 resourceVersion) const
{
    if (resourceVersion < m_compactedResourceVersion)
        return std::nullopt;
    const auto first = std::upper_bound(
        m_history.begin(), m_history.end(), resourceVersion,
        [](quint64 rv, const ClusterEvent &event) { return rv < event.resourceVersion(); });
    return QList<ClusterEvent>(first, m_history.end());
}
