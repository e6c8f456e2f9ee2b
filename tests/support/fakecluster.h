#pragma once

#include "tests/support/clusterevent.h"
#include "tests/support/resourcetype.h"
#include "tests/support/storedobject.h"

#include <QJsonObject>
#include <QObject>

#include <deque>
#include <map>
#include <optional>

// The state of the fake cluster: objects of every served kind, one global resourceVersion
// counter (like etcd's revision), and a bounded history of writes that watches replay from.
// Every write consumes one resourceVersion and emits eventRecorded(). Older history is
// compacted away; a watch from before the compacted revision gets 410 Expired.
class FakeCluster : public QObject
{
    Q_OBJECT

public:
    using Objects = std::map<QString, StoredObjectPtr>; // by StoredObject::key()

    explicit FakeCluster(QObject *parent = nullptr);

    // Writes return the new resourceVersion, or 0 with *error set. The object needs
    // metadata.name, and metadata.namespace when its kind is namespaced; kind, apiVersion,
    // resourceVersion, uid and creationTimestamp are filled in. A missing namespace is
    // created first (its own event and resourceVersion).
    quint64 create(ResourceKind kind, const QJsonObject &object, QString *error = nullptr);
    quint64 update(ResourceKind kind, const QJsonObject &object, QString *error = nullptr);
    quint64 apply(ResourceKind kind, const QJsonObject &object, QString *error = nullptr);
    // Deleting a namespace deletes every object in it first, as the namespace controller would.
    quint64 remove(ResourceKind kind, const QString &namespaceName, const QString &name,
                   QString *error = nullptr);

    std::optional<QJsonObject> object(ResourceKind kind, const QString &namespaceName,
                                      const QString &name) const;
    QList<QJsonObject> objects(ResourceKind kind, const QString &namespaceName = {}) const;
    qsizetype count(ResourceKind kind) const;
    const Objects &store(ResourceKind kind) const;

    quint64 resourceVersion() const { return m_resourceVersion; }
    // Writes at or before this revision are forgotten: watches must start at or after it.
    quint64 compactedResourceVersion() const { return m_compactedResourceVersion; }
    // Forget all history now, as an etcd compaction would.
    void compact();
    // How many writes the history keeps (default 10,000); older ones are compacted.
    void setHistoryLimit(qsizetype events);
    qsizetype historyLimit() const { return m_historyLimit; }

    // The writes after resourceVersion, oldest first; nullopt when some were compacted.
    std::optional<QList<ClusterEvent>> eventsSince(quint64 resourceVersion) const;

Q_SIGNALS:
    void eventRecorded(const ClusterEvent &event);
    void compacted(quint64 resourceVersion);

private:
    quint64 write(ResourceKind kind, const QJsonObject &object, bool mayCreate, bool mayUpdate,
                  QString *error);
    bool ensureNamespace(const QString &name, QString *error);
    void record(ClusterEvent event);
    StoredObjectPtr makeStored(const ResourceType &type, QJsonObject object,
                               const StoredObject *previous);

    std::map<ResourceKind, Objects> m_stores;
    std::deque<ClusterEvent> m_history;
    qsizetype m_historyLimit = 10000;
    // Start high, as real clusters do, so clients never assume small numbers.
    quint64 m_resourceVersion = 1000;
    quint64 m_compactedResourceVersion = 1000;
};
