#include "tests/support/manifestsync.h"

#include "tests/support/fakecluster.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

ManifestSync::ManifestSync(FakeCluster *cluster, QString path, QObject *parent)
    : QObject(parent)
    , m_cluster(cluster)
    , m_path(std::move(path))
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(100);
    connect(&m_settle, &QTimer::timeout, this, &ManifestSync::reload);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_settle, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_settle,
            qOverload<>(&QTimer::start));
}

bool ManifestSync::start(QString *error)
{
    int applied = 0;
    int deleted = 0;
    if (!sync(error, &applied, &deleted))
        return false;
    follow();
    return true;
}

bool ManifestSync::sync(QString *error, int *applied, int *deleted)
{
    const auto set = ManifestSet::load(m_path, error);
    if (!set)
        return false;
    QHash<QString, ManifestSet::Manifest> now;
    for (const ManifestSet::Manifest &m : *set)
        now.insert(m.key(), m);
    // Namespaces first, so their labels are there before the objects in them.
    for (const bool namespaces : {true, false}) {
        for (const ManifestSet::Manifest &m : *set) {
            if ((m.kind == ResourceKind::Namespace) != namespaces)
                continue;
            const auto before = m_applied.constFind(m.key());
            if (before != m_applied.cend() && before->object == m.object)
                continue;
            QString problem;
            if (!m_cluster->apply(m.kind, m.object, &problem)) {
                *error = u"%1: %2"_s.arg(m.origin, problem);
                return false; // what was applied before stays noted
            }
            m_applied.insert(m.key(), m);
            ++*applied;
        }
    }
    for (auto it = m_applied.cbegin(); it != m_applied.cend(); ++it) {
        if (now.contains(it.key()) || it->kind == ResourceKind::Namespace)
            continue;
        const QJsonObject metadata = it->object.value(u"metadata").toObject();
        if (m_cluster->remove(it->kind, metadata.value(u"namespace").toString(),
                              metadata.value(u"name").toString()))
            ++*deleted;
    }
    // Namespaces last: deleting one deletes what is in it.
    for (auto it = m_applied.cbegin(); it != m_applied.cend(); ++it) {
        if (!now.contains(it.key()) && it->kind == ResourceKind::Namespace &&
            m_cluster->remove(it->kind, {}, it->object.value(u"metadata")[u"name"].toString()))
            ++*deleted;
    }
    m_applied = std::move(now);
    return true;
}

// Watches the files and, for a folder, the folder itself (files added or removed). Editors
// that save by renaming replace the watched file, so the list is renewed after every read.
void ManifestSync::follow()
{
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    QString ignored;
    QStringList paths = ManifestSet::files(m_path, &ignored).value_or(QStringList{});
    const QFileInfo info(m_path);
    paths << (info.isDir() ? info.absoluteFilePath() : info.absolutePath());
    m_watcher.addPaths(paths);
}

void ManifestSync::reload()
{
    QString error;
    int applied = 0;
    int deleted = 0;
    const bool ok = sync(&error, &applied, &deleted);
    follow();
    if (ok && applied + deleted > 0)
        Q_EMIT synced(applied, deleted);
    else
        Q_EMIT failed(error);
}
