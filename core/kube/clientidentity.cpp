#include "core/kube/clientidentity.h"

ClientIdentity ClientIdentity::fromPem(const QByteArray &certificatePem, const QByteArray &keyPem,
                                       QString *error)
{
    ClientIdentity identity;
    QList<QSslCertificate> chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        *error = QStringLiteral("the client certificate is not a PEM certificate");
        return identity;
    }
    // The PEM header does not always name the algorithm (PKCS#8 "PRIVATE KEY"): try each.
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        *error = QStringLiteral("the client key is not an unencrypted RSA or EC private key in "
                                "PEM form");
        return identity;
    }
    identity.m_certificate = chain.takeFirst();
    identity.m_intermediates = chain;
    identity.m_key = key;
    return identity;
}
