#include "core/config/contextresolver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace {

// Reads a referenced PEM file into *data; returns an error sentence or an empty string.
QString readReferencedFile(const QString &path, const QString &what, QByteArray *data)
{
    QFile file(path);
    if (QFileInfo(path).isDir() || !file.open(QIODevice::ReadOnly))
        return QStringLiteral("%1 %2 cannot be read (%3); fix the path or the file's "
                              "permissions")
            .arg(what, path,
                 QFileInfo(path).isDir() ? QStringLiteral("it is a directory")
                                         : file.errorString());
    *data = file.read(1024 * 1024 + 1);
    if (data->size() > 1024 * 1024)
        return QStringLiteral("%1 %2 is larger than 1 MiB, too large for a PEM file; check the "
                              "path")
            .arg(what, path);
    return QString();
}

} // namespace

QString ContextResolver::resolvePath(const QString &path, const QString &originFile)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path) || originFile.isEmpty())
        return path;
    return QDir::cleanPath(QFileInfo(originFile).absoluteDir().filePath(path));
}

QString ContextResolver::resolveCommand(const QString &command, const QString &originFile)
{
    if (!command.contains(u'/'))
        return command;
    return resolvePath(command, originFile);
}

QUrl ContextResolver::serverUrl(const ClusterConfig &cluster, bool tlsConfigured, QString *error)
{
    QString text = cluster.server;
    if (!text.contains(QStringLiteral("://")))
        text.prepend(tlsConfigured ? QStringLiteral("https://") : QStringLiteral("http://"));
    QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"https" && scheme != u"http")) {
        *error = QStringLiteral("server \"%1\" is not an http(s) URL; write it as "
                                "https://host:port")
                     .arg(cluster.server);
        return QUrl();
    }
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

ContextConfig ContextResolver::resolve(const NamedEntry<ContextEntry> &context,
                                       const std::optional<NamedEntry<ClusterConfig>> &cluster,
                                       const std::optional<NamedEntry<UserConfig>> &user)
{
    ContextConfig config;
    config.name = context.name;
    config.clusterName = context.value.cluster;
    config.userName = context.value.user;
    if (!context.value.namespaceName.isEmpty())
        config.namespaceName = context.value.namespaceName;
    // A user that is named but missing means anonymous requests, as in kubectl.
    if (user) {
        config.user = user->value;
        UserConfig &u = config.user;
        u.clientCertificate = resolvePath(u.clientCertificate, user->origin);
        u.clientKey = resolvePath(u.clientKey, user->origin);
        u.tokenFile = resolvePath(u.tokenFile, user->origin);
        u.exec.command = resolveCommand(u.exec.command, user->origin);
    }
    if (!cluster) {
        config.error = config.clusterName.isEmpty()
                           ? QStringLiteral("context \"%1\" names no cluster; set "
                                            "contexts[%1].cluster in the kubeconfig")
                                 .arg(context.name)
                           : QStringLiteral("cluster \"%1\" named by context \"%2\" is not in "
                                            "the kubeconfig; add it or fix contexts[%2].cluster")
                                 .arg(config.clusterName, context.name);
        return config;
    }
    config.cluster = cluster->value;
    config.cluster.certificateAuthority =
        resolvePath(config.cluster.certificateAuthority, cluster->origin);
    config.error = checkCluster(config.clusterName, &config.cluster, config.user);
    if (config.error.isEmpty())
        config.error = checkUser(config.userName, &config.user);
    return config;
}

QString ContextResolver::checkCluster(const QString &name, ClusterConfig *cluster,
                                      const UserConfig &user)
{
    if (cluster->server.isEmpty())
        return QStringLiteral("cluster \"%1\" has no server; set clusters[%1].cluster.server to "
                              "the API server's https:// URL")
            .arg(name);
    const bool hasCa =
        !cluster->certificateAuthority.isEmpty() || !cluster->certificateAuthorityData.isEmpty();
    QString error;
    cluster->serverUrl = serverUrl(
        *cluster, hasCa || user.hasClientCertificate() || cluster->insecureSkipTlsVerify, &error);
    if (!error.isEmpty())
        return QStringLiteral("cluster \"%1\": %2").arg(name, error);
    if (!cluster->certificateAuthority.isEmpty() && !cluster->certificateAuthorityData.isEmpty())
        return QStringLiteral("cluster \"%1\" sets both certificate-authority and "
                              "certificate-authority-data; keep only one")
            .arg(name);
    if (hasCa && cluster->insecureSkipTlsVerify)
        return QStringLiteral("cluster \"%1\" sets a certificate authority together with "
                              "insecure-skip-tls-verify; remove one of them")
            .arg(name);
    if (!cluster->certificateAuthority.isEmpty()) {
        error = readReferencedFile(cluster->certificateAuthority,
                                   QStringLiteral("the certificate authority file"),
                                   &cluster->certificateAuthorityData);
        if (!error.isEmpty())
            return QStringLiteral("cluster \"%1\": %2").arg(name, error);
    }
    if (!cluster->proxyUrl.isEmpty()) {
        const QUrl proxy(cluster->proxyUrl, QUrl::StrictMode);
        const QString scheme = proxy.scheme().toLower();
        if (!proxy.isValid() || proxy.host().isEmpty() ||
            (scheme != u"http" && scheme != u"https" && scheme != u"socks5"))
            return QStringLiteral("cluster \"%1\" has an invalid proxy-url; use "
                                  "http://, https:// or socks5://host:port")
                .arg(name);
    }
    return QString();
}

QString ContextResolver::checkUser(const QString &name, UserConfig *user)
{
    if (!user->clientCertificate.isEmpty() && !user->clientCertificateData.isEmpty())
        return QStringLiteral("user \"%1\" sets both client-certificate and "
                              "client-certificate-data; keep only one")
            .arg(name);
    if (!user->clientKey.isEmpty() && !user->clientKeyData.isEmpty())
        return QStringLiteral("user \"%1\" sets both client-key and client-key-data; keep "
                              "only one")
            .arg(name);
    if (user->hasClientCertificate() != user->hasClientKey())
        return QStringLiteral("user \"%1\" has a client certificate without its key (or a key "
                              "without its certificate); set both")
            .arg(name);
    if (!user->token.isEmpty() && user->hasBasicAuth())
        return QStringLiteral("user \"%1\" sets more than one authentication method (token and "
                              "username/password); keep one")
            .arg(name);
    if (user->exec.isSet() && user->authProviderSet)
        return QStringLiteral("user \"%1\" sets both exec and auth-provider; keep only exec")
            .arg(name);
    if (user->authProviderSet)
        return QStringLiteral("user \"%1\" uses auth-provider \"%2\", which k8s-hosts does not "
                              "support; switch to an exec credential plugin (for OIDC: "
                              "kubelogin, `kubectl oidc-login`)")
            .arg(name, user->authProviderName);
    QString error;
    if (!user->clientCertificate.isEmpty())
        error = readReferencedFile(user->clientCertificate,
                                   QStringLiteral("the client certificate file"),
                                   &user->clientCertificateData);
    if (error.isEmpty() && !user->clientKey.isEmpty())
        error = readReferencedFile(user->clientKey, QStringLiteral("the client key file"),
                                   &user->clientKeyData);
    if (!error.isEmpty())
        return QStringLiteral("user \"%1\": %2").arg(name, error);
    if (user->exec.isSet())
        return checkExec(name, user->exec);
    return QString();
}

QString ContextResolver::checkExec(const QString &name, const ExecConfig &exec)
{
    const QString v1 = QStringLiteral("client.authentication.k8s.io/v1");
    const QString v1beta1 = QStringLiteral("client.authentication.k8s.io/v1beta1");
    if (exec.command.isEmpty())
        return QStringLiteral("user \"%1\" has an exec section without a command; set "
                              "users[%1].user.exec.command")
            .arg(name);
    if (exec.apiVersion != v1 && exec.apiVersion != v1beta1)
        return QStringLiteral("user \"%1\": exec apiVersion \"%2\" is not supported; use %3 or "
                              "%4 (regenerate the entry with your cloud's CLI)")
            .arg(name, exec.apiVersion, v1, v1beta1);
    if (exec.interactiveMode.isEmpty() && exec.apiVersion == v1)
        return QStringLiteral("user \"%1\": exec interactiveMode must be set for %2; set it to "
                              "Never or IfAvailable")
            .arg(name, v1);
    if (!exec.interactiveMode.isEmpty() && exec.interactiveMode != u"Never" &&
        exec.interactiveMode != u"IfAvailable" && exec.interactiveMode != u"Always")
        return QStringLiteral("user \"%1\": exec interactiveMode \"%2\" is invalid; use Never, "
                              "IfAvailable or Always")
            .arg(name, exec.interactiveMode);
    return QString();
}
