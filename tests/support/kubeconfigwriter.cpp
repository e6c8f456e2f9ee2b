#include "tests/support/kubeconfigwriter.h"

#include "tests/support/testtls.h"

#include <QFileDevice>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace {

// A YAML double-quoted scalar.
QByteArray quoted(const QString &value)
{
    QByteArray out = "\"";
    for (const char c : value.toUtf8()) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '"';
}

} // namespace

KubeconfigWriter::KubeconfigWriter(const QUrl &server, const QByteArray &caPem)
    : m_server(server)
    , m_caPem(caPem)
{}

void KubeconfigWriter::setCredentials(Credentials credentials, const QString &token)
{
    m_credentials = credentials;
    m_token = token;
}

QByteArray KubeconfigWriter::render() const
{
    const QByteArray name = quoted(m_context);
    QByteArray yaml = "apiVersion: v1\nkind: Config\nclusters:\n- name: " + name +
                      "\n  cluster:\n    server: " + quoted(m_server.toString()) + '\n';
    if (!m_caPem.isEmpty())
        yaml += "    certificate-authority-data: " + m_caPem.toBase64() + '\n';
    yaml += "users:\n- name: " + name + "\n  user:";
    switch (m_credentials) {
    case Credentials::None:
        yaml += " {}\n";
        break;
    case Credentials::Token:
        yaml += "\n    token: " + quoted(m_token) + '\n';
        break;
    case Credentials::ClientCertificate:
        yaml += "\n    client-certificate-data: " + TestTls::clientCertificatePem().toBase64() +
                "\n    client-key-data: " + TestTls::clientKeyPem().toBase64() + '\n';
        break;
    case Credentials::RogueClientCertificate:
        yaml +=
            "\n    client-certificate-data: " + TestTls::rogueClientCertificatePem().toBase64() +
            "\n    client-key-data: " + TestTls::rogueClientKeyPem().toBase64() + '\n';
        break;
    }
    yaml += "contexts:\n- name: " + name + "\n  context:\n    cluster: " + name +
            "\n    user: " + name + '\n';
    if (!m_namespace.isEmpty())
        yaml += "    namespace: " + quoted(m_namespace) + '\n';
    yaml += "current-context: " + name + '\n';
    return yaml;
}

bool KubeconfigWriter::write(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = u"Cannot write the kubeconfig %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(render());
    if (!file.commit()) {
        *error = u"Cannot write the kubeconfig %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}
