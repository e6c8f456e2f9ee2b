#pragma once

#include "core/config/kubeconfig.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

// Reloads the kubeconfig when one of its files changes, appears or disappears, and emits
// contextsChanged() when the resolved contexts (or the load error) differ. kind, minikube
// and `kubectl config` replace the file by rename, which drops a plain file watch, so the
// folders are watched too and file watches are re-added after every reload.
class KubeconfigWatcher : public QObject
{
    Q_OBJECT

public:
    explicit KubeconfigWatcher(const KubeconfigSources &sources, QObject *parent = nullptr);

    // Loads now (synchronously: a few small files) and starts watching.
    void start();
    const Kubeconfig &kubeconfig() const { return m_kubeconfig; }

    // Editors write in several steps; changes within this window become one reload.
    void setSettleInterval(int milliseconds) { m_settle.setInterval(milliseconds); }

Q_SIGNALS:
    void contextsChanged();
    // After every reload, whether or not anything changed.
    void reloaded();

private:
    void scheduleReload();
    void reload();
    void rewatch();

    KubeconfigSources m_sources;
    Kubeconfig m_kubeconfig;
    QList<ContextConfig> m_contexts;
    QFileSystemWatcher m_watcher;
    QTimer m_settle;
};
