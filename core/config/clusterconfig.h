#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QUrl>

// clusters[].cluster. As read from a file, paths are as written; in a ContextConfig they are
// absolute and certificateAuthorityData holds the CA file's bytes.
struct ClusterConfig
{
    QString server;                      // as written in the kubeconfig
    QUrl serverUrl;                      // resolved: scheme defaulted, query and fragment dropped
    QString certificateAuthority;        // path to a PEM bundle
    QByteArray certificateAuthorityData; // PEM bytes (decoded from base64 in the file)
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString proxyUrl;
    bool disableCompression = false;
    QJsonValue execExtension; // extensions[client.authentication.k8s.io/exec], for the plugin

    bool operator==(const ClusterConfig &) const = default;
};
