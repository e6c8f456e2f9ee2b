#pragma once

#include <QNetworkProxy>
#include <QProcessEnvironment>
#include <QUrl>

// The proxy for one cluster, as client-go picks it: proxy-url (http:// or socks5://) when
// set, else HTTPS_PROXY / HTTP_PROXY from the environment unless NO_PROXY covers the server.
class ClusterProxy
{
public:
    // *error is set (and NoProxy returned) for a proxy Qt cannot speak, such as https://.
    static QNetworkProxy fromProxyUrl(const QString &proxyUrl, QString *error);
    static QNetworkProxy fromEnvironment(const QUrl &server, const QProcessEnvironment &env);
    static bool noProxyMatches(const QString &noProxy, const QUrl &server);
};
