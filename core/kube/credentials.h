#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

// What a request to one context authenticates with. Holds secrets: never log it, never put
// any of its fields into an error message or a setting.
struct Credentials
{
    enum class Source
    {
        Anonymous, // nothing configured (or plain http, where kubectl sends nothing)
        Token,     // users[].user.token
        TokenFile, // users[].user.tokenFile, re-read on every request
        Basic,     // username/password
        ClientCertificate,
        ExecPlugin,    // a credential plugin run just now
        ExecCache,     // a plugin's result kept in the keychain until it expires
        KeychainToken, // a bearer token the user entered, kept in the keychain
    };

    Source source = Source::Anonymous;
    QByteArray bearerToken;
    QString username;
    QString password;
    QByteArray clientCertificatePem; // from the kubeconfig or from an exec plugin
    QByteArray clientKeyPem;
    QDateTime expiry;       // invalid: does not expire (until the server says 401)
    quint64 generation = 0; // changes whenever the credentials are replaced

    bool isRefreshable() const
    {
        return source == Source::ExecPlugin || source == Source::ExecCache;
    }
    bool isExpiredAt(const QDateTime &now) const { return expiry.isValid() && now > expiry; }
    // The Authorization header's value, or empty.
    QByteArray authorization() const;
};
