#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

// Test-only certificates made with the openssl CLI in a temporary folder: a CA, a server
// certificate valid only for the name "kubernetes.test", and client certificates with RSA
// and EC keys in traditional and PKCS#8 PEM.
class TlsFixture
{
public:
    bool create(QString *error);

    QByteArray caPem;
    QByteArray otherCaPem; // a CA that signed nothing here
    QByteArray serverCertPem;
    QByteArray serverKeyPem;
    QByteArray rsaClientCertPem;
    QByteArray rsaClientKeyPem;   // BEGIN RSA PRIVATE KEY
    QByteArray rsaClientPkcs8Pem; // BEGIN PRIVATE KEY
    QByteArray ecClientCertPem;
    QByteArray ecClientKeyPem;   // BEGIN EC PRIVATE KEY
    QByteArray ecClientPkcs8Pem; // BEGIN PRIVATE KEY

    QString path(const QString &name) const { return m_dir.filePath(name); }

private:
    bool openssl(const QStringList &args, QString *error);
    QByteArray read(const QString &name) const;

    QTemporaryDir m_dir;
};
