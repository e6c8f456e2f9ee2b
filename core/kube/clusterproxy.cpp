#include "core/kube/clusterproxy.h"

#include <QHostAddress>

namespace {

QString variable(const QProcessEnvironment &env, const QString &name)
{
    const QString upper = env.value(name.toUpper());
    return upper.isEmpty() ? env.value(name.toLower()) : upper;
}

} // namespace

QNetworkProxy ClusterProxy::fromProxyUrl(const QString &proxyUrl, QString *error)
{
    if (proxyUrl.isEmpty())
        return QNetworkProxy(QNetworkProxy::NoProxy);
    QUrl url(proxyUrl, QUrl::StrictMode);
    if (!proxyUrl.contains(QStringLiteral("://")))
        url = QUrl(QStringLiteral("http://") + proxyUrl, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    QNetworkProxy::ProxyType type = QNetworkProxy::HttpProxy;
    int defaultPort = 80;
    if (scheme == u"socks5" || scheme == u"socks5h") {
        type = QNetworkProxy::Socks5Proxy;
        defaultPort = 1080;
    } else if (scheme == u"https") {
        *error = QStringLiteral("proxy-url %1 uses https://, which k8s-hosts cannot speak to a "
                                "proxy; use the proxy's http:// or socks5:// address")
                     .arg(url.host());
        return QNetworkProxy(QNetworkProxy::NoProxy);
    } else if (scheme != u"http" || !url.isValid() || url.host().isEmpty()) {
        *error = QStringLiteral("proxy-url is not an http:// or socks5:// URL; fix "
                                "clusters[].cluster.proxy-url");
        return QNetworkProxy(QNetworkProxy::NoProxy);
    }
    QNetworkProxy proxy(type, url.host(), quint16(url.port(defaultPort)));
    // Credentials in the URL go to the proxy only; they are never logged.
    proxy.setUser(url.userName(QUrl::FullyDecoded));
    proxy.setPassword(url.password(QUrl::FullyDecoded));
    return proxy;
}

bool ClusterProxy::noProxyMatches(const QString &noProxy, const QUrl &server)
{
    const QString host = server.host().toLower();
    const QHostAddress address(host);
    for (QString entry : noProxy.split(u',', Qt::SkipEmptyParts)) {
        entry = entry.trimmed().toLower();
        if (entry == u"*")
            return true;
        if (const qsizetype colon = entry.lastIndexOf(u':');
            colon > 0 && !entry.contains(u'/') && entry.count(u':') == 1) {
            if (entry.mid(colon + 1).toInt() != server.port(443))
                continue;
            entry.truncate(colon);
        }
        if (entry.contains(u'/')) {
            if (!address.isNull() && address.isInSubnet(QHostAddress::parseSubnet(entry)))
                return true;
            continue;
        }
        if (entry.startsWith(u'.'))
            entry.remove(0, 1);
        if (host == entry || host.endsWith(u'.' + entry))
            return true;
    }
    return false;
}

QNetworkProxy ClusterProxy::fromEnvironment(const QUrl &server, const QProcessEnvironment &env)
{
    const QString value = server.scheme() == u"https" ? variable(env, QStringLiteral("https_proxy"))
                                                      : variable(env, QStringLiteral("http_proxy"));
    // Like Go's ProxyFromEnvironment, loopback is never proxied.
    const QHostAddress address(server.host());
    if (server.host().compare(u"localhost", Qt::CaseInsensitive) == 0 || address.isLoopback())
        return QNetworkProxy(QNetworkProxy::NoProxy);
    if (value.isEmpty() || noProxyMatches(variable(env, QStringLiteral("no_proxy")), server))
        return QNetworkProxy(QNetworkProxy::NoProxy);
    QString ignored;
    return fromProxyUrl(value, &ignored);
}
