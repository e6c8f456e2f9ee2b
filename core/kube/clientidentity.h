#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

// A client certificate (with any intermediates after it) and its private key, from PEM:
// RSA or EC keys, in their traditional or PKCS#8 form.
class ClientIdentity
{
public:
    // Returns a null identity and sets *error when either part cannot be parsed; the error
    // never quotes the key.
    static ClientIdentity fromPem(const QByteArray &certificatePem, const QByteArray &keyPem,
                                  QString *error);

    bool isNull() const { return m_certificate.isNull(); }
    const QSslCertificate &certificate() const { return m_certificate; }
    const QList<QSslCertificate> &intermediates() const { return m_intermediates; }
    const QSslKey &key() const { return m_key; }

private:
    QSslCertificate m_certificate;
    QList<QSslCertificate> m_intermediates;
    QSslKey m_key;
};
