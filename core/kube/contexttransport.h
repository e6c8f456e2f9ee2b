#pragma once

#include "core/config/contextconfig.h"
#include "core/kube/credentials.h"

#include <QList>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QSslCertificate>
#include <QSslConfiguration>

// Everything a QNetworkAccessManager needs to talk to one context's API server: TLS (the
// cluster's CA only, client certificate, tls-server-name, insecure-skip-tls-verify), the
// proxy, and the one function that builds every request (so the API client never assembles
// headers itself). Credentials are attached over https only, as kubectl does.
class ContextTransport
{
public:
    explicit ContextTransport(
        const ContextConfig &context,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    // Why the TLS or proxy settings cannot be used, as a sentence with the fix; or empty.
    const QString &error() const { return m_error; }
    bool isHttps() const { return m_server.scheme() == u"https"; }
    const QUrl &server() const { return m_server; }
    const QNetworkProxy &proxy() const { return m_proxy; }

    QSslConfiguration sslConfiguration(const Credentials &credentials) const;

    // A request for an API path ("/api/v1/namespaces"), under the server's path prefix, with
    // TLS, Authorization (https only), Accept, User-Agent and a transfer timeout.
    QNetworkRequest prepareRequest(const QString &apiPath, const Credentials &credentials,
                                   int transferTimeoutMs = 30000) const;

    // The request URL for an API path: the server's own path is a prefix (Rancher-style).
    QUrl url(const QString &apiPath) const;

private:
    QString m_contextName;
    QUrl m_server;
    QString m_tlsServerName;
    bool m_insecure = false;
    bool m_disableCompression = false;
    QList<QSslCertificate> m_caCertificates;
    QNetworkProxy m_proxy;
    QString m_error;
};
