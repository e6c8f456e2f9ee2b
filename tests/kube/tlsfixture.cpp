#include "tests/kube/tlsfixture.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>

bool TlsFixture::openssl(const QStringList &args, QString *error)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral("openssl"), args);
    if (!finished.wait(60000) || process.exitCode() != 0) {
        *error = QStringLiteral("openssl %1 failed: %2")
                     .arg(args.join(u' '), QString::fromUtf8(process.readAllStandardError()));
        return false;
    }
    return true;
}

QByteArray TlsFixture::read(const QString &name) const
{
    QFile file(path(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool TlsFixture::create(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary folder");
        return false;
    }
    const auto s = [](const char *text) {
        return QString::fromLatin1(text);
    };
    const QStringList steps[] = {
        {s("req"), s("-x509"), s("-newkey"), s("rsa:2048"), s("-nodes"), s("-keyout"), s("ca.key"),
         s("-out"), s("ca.pem"), s("-days"), s("2"), s("-subj"), s("/CN=test-ca")},
        {s("req"), s("-x509"), s("-newkey"), s("rsa:2048"), s("-nodes"), s("-keyout"),
         s("other.key"), s("-out"), s("other.pem"), s("-days"), s("2"), s("-subj"),
         s("/CN=other-ca")},
        {s("req"), s("-newkey"), s("rsa:2048"), s("-nodes"), s("-keyout"), s("server.key"),
         s("-out"), s("server.csr"), s("-subj"), s("/CN=kubernetes.test")},
        {s("x509"), s("-req"), s("-in"), s("server.csr"), s("-CA"), s("ca.pem"), s("-CAkey"),
         s("ca.key"), s("-CAcreateserial"), s("-out"), s("server.pem"), s("-days"), s("2"),
         s("-extfile"), s("san.cnf")},
        {s("genrsa"), s("-traditional"), s("-out"), s("rsa-client.key"), s("2048")},
        {s("req"), s("-new"), s("-key"), s("rsa-client.key"), s("-out"), s("rsa-client.csr"),
         s("-subj"), s("/CN=rsa-user/O=system:masters")},
        {s("x509"), s("-req"), s("-in"), s("rsa-client.csr"), s("-CA"), s("ca.pem"), s("-CAkey"),
         s("ca.key"), s("-CAcreateserial"), s("-out"), s("rsa-client.pem"), s("-days"), s("2")},
        {s("pkcs8"), s("-topk8"), s("-nocrypt"), s("-in"), s("rsa-client.key"), s("-out"),
         s("rsa-client.p8")},
        {s("ecparam"), s("-genkey"), s("-name"), s("prime256v1"), s("-noout"), s("-out"),
         s("ec-client.key")},
        {s("req"), s("-new"), s("-key"), s("ec-client.key"), s("-out"), s("ec-client.csr"),
         s("-subj"), s("/CN=ec-user")},
        {s("x509"), s("-req"), s("-in"), s("ec-client.csr"), s("-CA"), s("ca.pem"), s("-CAkey"),
         s("ca.key"), s("-CAcreateserial"), s("-out"), s("ec-client.pem"), s("-days"), s("2")},
        {s("pkcs8"), s("-topk8"), s("-nocrypt"), s("-in"), s("ec-client.key"), s("-out"),
         s("ec-client.p8")},
    };
    QFile san(path(QStringLiteral("san.cnf")));
    if (!san.open(QIODevice::WriteOnly))
        return false;
    san.write("subjectAltName=DNS:kubernetes.test\n");
    san.close();
    for (const QStringList &step : steps) {
        if (!openssl(step, error))
            return false;
    }
    caPem = read(QStringLiteral("ca.pem"));
    otherCaPem = read(QStringLiteral("other.pem"));
    serverCertPem = read(QStringLiteral("server.pem"));
    serverKeyPem = read(QStringLiteral("server.key"));
    rsaClientCertPem = read(QStringLiteral("rsa-client.pem"));
    rsaClientKeyPem = read(QStringLiteral("rsa-client.key"));
    rsaClientPkcs8Pem = read(QStringLiteral("rsa-client.p8"));
    ecClientCertPem = read(QStringLiteral("ec-client.pem"));
    ecClientKeyPem = read(QStringLiteral("ec-client.key"));
    ecClientPkcs8Pem = read(QStringLiteral("ec-client.p8"));
    return rsaClientKeyPem.startsWith("-----BEGIN RSA PRIVATE KEY") &&
           ecClientKeyPem.startsWith("-----BEGIN EC PRIVATE KEY") &&
           rsaClientPkcs8Pem.startsWith("-----BEGIN PRIVATE KEY");
}
