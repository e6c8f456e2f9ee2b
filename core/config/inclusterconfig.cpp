#include "core/config/inclusterconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

bool InClusterConfig::isPossible(const KubeconfigSources &sources)
{
    return !sources.serviceHost.isEmpty() && !sources.servicePort.isEmpty() &&
           QFileInfo(QDir(sources.serviceAccountDir).filePath(QStringLiteral("token"))).isFile();
}

ContextConfig InClusterConfig::context(const KubeconfigSources &sources)
{
    const QDir dir(sources.serviceAccountDir);
    ContextConfig config;
    config.name = QStringLiteral("in-cluster");
    config.clusterName = config.name;
    config.userName = QStringLiteral("service-account");
    config.current = true;
    config.inCluster = true;
    // JoinHostPort: IPv6 addresses are bracketed.
    const bool ipv6 = sources.serviceHost.contains(u':');
    config.cluster.server = QStringLiteral("https://%1:%2")
                                .arg(ipv6 ? u'[' + sources.serviceHost + u']' : sources.serviceHost,
                                     sources.servicePort);
    config.cluster.serverUrl = QUrl(config.cluster.server);
    // An unreadable CA is only logged by client-go; requests then fail verification.
    QFile ca(dir.filePath(QStringLiteral("ca.crt")));
    if (ca.open(QIODevice::ReadOnly))
        config.cluster.certificateAuthorityData = ca.read(1024 * 1024);
    config.cluster.certificateAuthority = ca.fileName();
    // Bound service-account tokens rotate: the file is re-read on use.
    config.user.tokenFile = dir.filePath(QStringLiteral("token"));
    QString ns = sources.podNamespace;
    if (ns.isEmpty()) {
        QFile file(dir.filePath(QStringLiteral("namespace")));
        if (file.open(QIODevice::ReadOnly))
            ns = QString::fromUtf8(file.read(256)).trimmed();
    }
    if (!ns.isEmpty())
        config.namespaceName = ns;
    if (!config.cluster.serverUrl.isValid())
        config.error = QStringLiteral("KUBERNETES_SERVICE_HOST/PORT do not form a valid URL");
    return config;
}
