#pragma once

#include "core/config/contextconfig.h"
#include "core/config/kubeconfigfile.h"
#include "core/config/kubeconfigsources.h"

#include <QList>
#include <QStringList>

#include <optional>

// The merged kubeconfig, loaded as kubectl loads it: from --kubeconfig, else every file in
// $KUBECONFIG (missing ones skipped), else ~/.kube/config; the first file to define a
// cluster, user or context name wins the whole entry, and the first non-empty
// current-context wins. With no contexts at all, a pod's service account is used.
class Kubeconfig
{
public:
    static Kubeconfig load(const KubeconfigSources &sources);

    // False when kubectl would refuse the whole configuration (an explicit file is missing,
    // a file cannot be read or decoded); error() then says which file and why.
    bool isValid() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    // Every file considered, existing or not (what a watcher must watch).
    const QStringList &files() const { return m_files; }
    const QString &currentContext() const { return m_currentContext; }

    // Merged entries, paths as written, in file order.
    const QList<NamedEntry<ClusterConfig>> &clusters() const { return m_clusters; }
    const QList<NamedEntry<UserConfig>> &users() const { return m_users; }
    const QList<NamedEntry<ContextEntry>> &contextEntries() const { return m_contexts; }

    // Every context, resolved, sorted by name.
    QList<ContextConfig> contexts() const;
    std::optional<ContextConfig> context(const QString &name) const;

private:
    void merge(const KubeconfigFile &file);

    QString m_error;
    QStringList m_files;
    QString m_currentContext;
    QList<NamedEntry<ClusterConfig>> m_clusters;
    QList<NamedEntry<UserConfig>> m_users;
    QList<NamedEntry<ContextEntry>> m_contexts;
    std::optional<ContextConfig> m_inCluster;
};
