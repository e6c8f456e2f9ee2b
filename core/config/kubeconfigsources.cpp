#include "core/config/kubeconfigsources.h"

#include "core/config/kubeconfigfile.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

KubeconfigSources KubeconfigSources::fromEnvironment(const QString &explicitPath)
{
    KubeconfigSources sources;
    sources.explicitPath = explicitPath;
    sources.kubeconfigEnv = qEnvironmentVariable("KUBECONFIG");
    sources.homeDir = qEnvironmentVariable("HOME", QDir::homePath());
    sources.workingDir = QDir::currentPath();
    sources.serviceHost = qEnvironmentVariable("KUBERNETES_SERVICE_HOST");
    sources.servicePort = qEnvironmentVariable("KUBERNETES_SERVICE_PORT");
    sources.podNamespace = qEnvironmentVariable("POD_NAMESPACE");
    return sources;
}

QStringList KubeconfigSources::files() const
{
    const QDir cwd(workingDir);
    if (isExplicit())
        return {QDir::cleanPath(cwd.absoluteFilePath(explicitPath))};
    if (!kubeconfigEnv.isEmpty()) {
        // Go's filepath.SplitList then a de-duplication on the exact strings; `~` is not
        // expanded (only a shell does that).
        QStringList seen;
        QStringList paths;
        for (const QString &entry : kubeconfigEnv.split(QDir::listSeparator())) {
            if (entry.isEmpty() || seen.contains(entry))
                continue;
            seen.append(entry);
            paths.append(QDir::cleanPath(cwd.absoluteFilePath(entry)));
        }
        return paths;
    }
    const QString config = QDir(homeDir).filePath(QStringLiteral(".kube/config"));
    // kubectl migrates the legacy ~/.kube/.kubeconfig when the new file is missing; we only
    // read it, so that both tools see the same contexts.
    const QString legacy = QDir(homeDir).filePath(QStringLiteral(".kube/.kubeconfig"));
    if (!QFileInfo::exists(config) && QFileInfo::exists(legacy))
        return {legacy};
    return {config};
}

QString KubeconfigSources::fileDefining(const QString &context) const
{
    const QStringList paths = files();
    for (const QString &path : paths) {
        if (context.isEmpty())
            break;
        const KubeconfigFile file = KubeconfigFile::read(path);
        const auto &contexts = file.content().contexts;
        if (file.status() == KubeconfigFile::Status::Loaded &&
            std::any_of(contexts.cbegin(), contexts.cend(),
                        [&context](const auto &entry) { return entry.name == context; }))
            return path;
    }
    for (const QString &path : paths) {
        if (QFileInfo::exists(path))
            return path;
    }
    return paths.value(0);
}
