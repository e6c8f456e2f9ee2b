#include "core/config/kubeconfigwatcher.h"

#include "core/config/configlogging.h"

#include <QFileInfo>

KubeconfigWatcher::KubeconfigWatcher(const KubeconfigSources &sources, QObject *parent)
    : QObject(parent)
    , m_sources(sources)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(150);
    connect(&m_settle, &QTimer::timeout, this, &KubeconfigWatcher::reload);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &KubeconfigWatcher::scheduleReload);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this,
            &KubeconfigWatcher::scheduleReload);
}

void KubeconfigWatcher::start()
{
    m_kubeconfig = Kubeconfig::load(m_sources);
    m_contexts = m_kubeconfig.contexts();
    rewatch();
}

void KubeconfigWatcher::scheduleReload()
{
    m_settle.start();
}

void KubeconfigWatcher::reload()
{
    const Kubeconfig fresh = Kubeconfig::load(m_sources);
    const QList<ContextConfig> contexts = fresh.contexts();
    const bool changed = contexts != m_contexts || fresh.error() != m_kubeconfig.error();
    m_kubeconfig = fresh;
    m_contexts = contexts;
    rewatch();
    if (changed) {
        qCInfo(lcConfig) << "kubeconfig changed:" << m_contexts.size() << "contexts";
        Q_EMIT contextsChanged();
    }
    Q_EMIT reloaded();
}

void KubeconfigWatcher::rewatch()
{
    QStringList files;
    QStringList folders;
    for (const QString &path : m_kubeconfig.files()) {
        const QFileInfo info(path);
        if (info.exists())
            files.append(info.absoluteFilePath());
        // The nearest existing folder: catches the file (or its folder) being created.
        QFileInfo folder(info.absolutePath());
        while (!folder.exists() && !folder.isRoot())
            folder = QFileInfo(folder.absolutePath());
        folders.append(folder.absoluteFilePath());
    }
    const QStringList watchedFiles = m_watcher.files();
    for (const QString &file : files) {
        if (!watchedFiles.contains(file))
            m_watcher.addPath(file);
    }
    const QStringList watchedFolders = m_watcher.directories();
    for (const QString &folder : std::as_const(folders)) {
        if (!watchedFolders.contains(folder))
            m_watcher.addPath(folder);
    }
}
