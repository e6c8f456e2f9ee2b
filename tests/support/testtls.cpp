#include "tests/support/testtls.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

using namespace Qt::StringLiterals;

namespace {

QByteArray resource(const QString &name)
{
    QFile file(u":/k8shosts/testtls/"_s + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("test TLS fixture %s is missing from the test-support library", qPrintable(name));
    return file.readAll();
}

} // namespace

namespace TestTls {

QByteArray caPem()
{
    return resource(u"test-only-ca.pem"_s);
}

QByteArray serverCertificatePem()
{
    return resource(u"test-only-server.pem"_s);
}

QByteArray serverKeyPem()
{
    return resource(u"test-only-server.key"_s);
}

QByteArray clientCertificatePem()
{
    return resource(u"test-only-client.pem"_s);
}

QByteArray clientKeyPem()
{
    return resource(u"test-only-client.key"_s);
}

QByteArray rogueClientCertificatePem()
{
    return resource(u"test-only-rogue-client.pem"_s);
}

QByteArray rogueClientKeyPem()
{
    return resource(u"test-only-rogue-client.key"_s);
}

QSslConfiguration serverConfiguration()
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(serverCertificatePem()));
    config.setPrivateKey(QSslKey(serverKeyPem(), QSsl::Ec));
    config.setCaCertificates(QSslCertificate::fromData(caPem()));
    config.setPeerVerifyMode(QSslSocket::QueryPeer);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    return config;
}

QSslConfiguration clientConfiguration()
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(QSslCertificate::fromData(caPem()));
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return config;
}

} // namespace TestTls
