#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

// One HTTP/1.1 request as the fake API server received it.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // as sent: path and query, percent-encoded
    QString path;      // decoded, without the query
    QUrlQuery query;
    QByteArray version;                           // "HTTP/1.1"
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;

    QByteArray header(QByteArrayView lowerCaseName) const
    {
        for (const auto &[name, value] : headers) {
            if (name == lowerCaseName)
                return value;
        }
        return {};
    }
    // A query value, decoded the way Go's url.ParseQuery does ('+' is a space).
    QString param(const QString &name) const
    {
        QByteArray raw = query.queryItemValue(name, QUrl::FullyEncoded).toLatin1();
        raw.replace('+', ' ');
        return QUrl::fromPercentEncoding(raw);
    }
    bool hasParam(const QString &name) const { return query.hasQueryItem(name); }
    // Kubernetes booleans: absent, "0" and "false" are false; anything else is true.
    bool flag(const QString &name) const
    {
        if (!hasParam(name))
            return false;
        const QString value = param(name).toLower();
        return value != u"0" && value != u"false";
    }
    bool keepAlive() const
    {
        const QByteArray connection = header("connection").toLower();
        if (version == "HTTP/1.0")
            return connection.contains("keep-alive");
        return !connection.contains("close");
    }
};
