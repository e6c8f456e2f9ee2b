#pragma once

#include "core/config/execconfig.h"

#include <QByteArray>
#include <QMap>
#include <QString>

// users[].user (client-go's AuthInfo). As read from a file, paths are as written; in a
// ContextConfig they are absolute and the *Data fields hold the files' bytes. The token
// file is only named here: it is re-read on every use, because it rotates.
struct UserConfig
{
    QString clientCertificate;
    QByteArray clientCertificateData;
    QString clientKey;
    QByteArray clientKeyData;
    QString token;
    QString tokenFile;
    QString username;
    QString password;
    QString impersonate; // `as`
    ExecConfig exec;
    bool authProviderSet = false;
    QString authProviderName;
    QMap<QString, QString> authProviderConfig;

    bool hasClientCertificate() const
    {
        return !clientCertificate.isEmpty() || !clientCertificateData.isEmpty();
    }
    bool hasClientKey() const { return !clientKey.isEmpty() || !clientKeyData.isEmpty(); }
    bool hasBasicAuth() const { return !username.isEmpty() || !password.isEmpty(); }
    bool operator==(const UserConfig &) const = default;
};
