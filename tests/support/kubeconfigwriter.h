#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

// Writes a kubeconfig that points kubectl (or k8s-hosts) at one API server.
class KubeconfigWriter
{
public:
    enum class Credentials
    {
        None,                   // anonymous (and the only choice for http://)
        Token,                  // users[].user.token
        ClientCertificate,      // the test client certificate, trusted by the server
        RogueClientCertificate, // a certificate from a CA the server does not trust
    };

    explicit KubeconfigWriter(const QUrl &server, const QByteArray &caPem = {});

    void setCredentials(Credentials credentials, const QString &token = {});
    void setContextName(const QString &name) { m_context = name; }
    void setNamespace(const QString &namespaceName) { m_namespace = namespaceName; }

    QByteArray render() const;
    // Written with mode 0600, as it may hold a token or a key.
    bool write(const QString &path, QString *error) const;

private:
    QUrl m_server;
    QByteArray m_caPem;
    Credentials m_credentials = Credentials::None;
    QString m_token;
    QString m_context = QStringLiteral("fake-apiserver");
    QString m_namespace;
};
