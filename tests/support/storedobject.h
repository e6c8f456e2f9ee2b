#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

#include <memory>

// One object as the fake cluster holds it: the compact JSON a client receives (with kind,
// apiVersion and metadata.resourceVersion filled in) plus the fields lookups need. Stored
// objects are immutable and shared, so lists, snapshots and watch history cost a pointer.
struct StoredObject
{
    QString namespaceName; // empty for cluster-scoped kinds
    QString name;
    quint64 resourceVersion = 0;
    QMap<QString, QString> labels;
    QByteArray json;

    // The key objects are sorted by, as etcd sorts its keys: namespace, then name.
    QString key() const { return namespaceName + u'/' + name; }
};

using StoredObjectPtr = std::shared_ptr<const StoredObject>;
