#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// A TSIG key (RFC 8945) as `tsig-keygen` writes it:
//     key "app-key" { algorithm hmac-sha256; secret "base64…"; };
// The secret never reaches a log: only name and algorithm are ever printed.
struct TsigKey
{
    QString name;      // "app-key"
    QString algorithm; // "hmac-sha256"
    QByteArray secret; // base64, as in the file

    // The file's first and only key block; nullopt with *error (never quoting the secret).
    static std::optional<TsigKey> parse(const QByteArray &text, QString *error);
    static std::optional<TsigKey> load(const QString &path, QString *error);
    // The algorithms servers and ldns share.
    static bool isKnownAlgorithm(const QString &algorithm);
};
