#include "core/config/kubeconfig.h"

#include "core/config/contextresolver.h"
#include "core/config/inclusterconfig.h"

#include <algorithm>

namespace {

template <typename T>
std::optional<NamedEntry<T>> find(const QList<NamedEntry<T>> &entries, const QString &name)
{
    for (const NamedEntry<T> &entry : entries) {
        if (entry.name == name)
            return entry;
    }
    return std::nullopt;
}

template <typename T>
void mergeFirstWins(QList<NamedEntry<T>> *into, const QList<NamedEntry<T>> &from)
{
    for (const NamedEntry<T> &entry : from) {
        if (!find(*into, entry.name))
            into->append(entry);
    }
}

} // namespace

Kubeconfig Kubeconfig::load(const KubeconfigSources &sources)
{
    Kubeconfig config;
    config.m_files = sources.files();
    for (const QString &path : std::as_const(config.m_files)) {
        const KubeconfigFile file = KubeconfigFile::read(path);
        if (file.status() == KubeconfigFile::Status::Missing && !sources.isExplicit())
            continue; // KUBECONFIG entries and ~/.kube/config may be missing
        if (file.status() != KubeconfigFile::Status::Loaded) {
            config.m_error = file.error();
            return config;
        }
        config.merge(file);
    }
    if (config.m_contexts.isEmpty() && InClusterConfig::isPossible(sources))
        config.m_inCluster = InClusterConfig::context(sources);
    return config;
}

void Kubeconfig::merge(const KubeconfigFile &file)
{
    const KubeconfigDecoder::Result &content = file.content();
    mergeFirstWins(&m_clusters, content.clusters);
    mergeFirstWins(&m_users, content.users);
    mergeFirstWins(&m_contexts, content.contexts);
    if (m_currentContext.isEmpty())
        m_currentContext = content.currentContext;
}

QList<ContextConfig> Kubeconfig::contexts() const
{
    QList<ContextConfig> result;
    if (m_inCluster)
        result.append(*m_inCluster);
    for (const NamedEntry<ContextEntry> &entry : m_contexts) {
        ContextConfig context = ContextResolver::resolve(
            entry, find(m_clusters, entry.value.cluster), find(m_users, entry.value.user));
        context.current = entry.name == m_currentContext;
        result.append(context);
    }
    std::sort(result.begin(), result.end(),
              [](const ContextConfig &a, const ContextConfig &b) { return a.name < b.name; });
    return result;
}

std::optional<ContextConfig> Kubeconfig::context(const QString &name) const
{
    if (m_inCluster && m_inCluster->name == name)
        return m_inCluster;
    const std::optional<NamedEntry<ContextEntry>> entry = find(m_contexts, name);
    if (!entry)
        return std::nullopt;
    ContextConfig context = ContextResolver::resolve(*entry, find(m_clusters, entry->value.cluster),
                                                     find(m_users, entry->value.user));
    context.current = name == m_currentContext;
    return context;
}
