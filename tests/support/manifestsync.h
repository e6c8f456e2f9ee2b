#pragma once

#include "tests/support/manifestset.h"

#include <QFileSystemWatcher>
#include <QHash>
#include <QObject>
#include <QTimer>

class FakeCluster;

// Keeps a fake cluster equal to a manifest path: the objects are applied at start, and when
// a file changes (or one is added to or removed from the folder) the set is read again and
// only what differs becomes writes: new and changed objects are applied, missing ones
// deleted. A set that does not load leaves the cluster as it was and says why.
class ManifestSync : public QObject
{
    Q_OBJECT
public:
    ManifestSync(FakeCluster *cluster, QString path, QObject *parent = nullptr);

    // Loads and applies the set, then follows the path. False with *error when it does not
    // load; nothing is applied then.
    bool start(QString *error);

    int objectCount() const { return int(m_applied.size()); }

Q_SIGNALS:
    // After a change on disk was read and made writes: how many objects were applied and
    // deleted; or why the set was not read (the cluster is unchanged then).
    void synced(int applied, int deleted);
    void failed(const QString &error);

private:
    bool sync(QString *error, int *applied, int *deleted);
    void follow();
    void reload();

    FakeCluster *m_cluster;
    QString m_path;
    QFileSystemWatcher m_watcher;
    QTimer m_settle; // editors write a file in several steps: read once they are done
    QHash<QString, ManifestSet::Manifest> m_applied; // by key
};
