#pragma once

#include <QString>
#include <QUrlQuery>

// One request the fake API server answered, for tests to check what a client did.
struct RequestRecord
{
    QString method;
    QString path;
    QUrlQuery query;
    int status = 0; // the HTTP status (200 for a watch that started)
    QString user;   // who the server took the client for; never a credential

    bool isWatch() const
    {
        const QString watch = query.queryItemValue(QStringLiteral("watch"));
        return query.hasQueryItem(QStringLiteral("watch")) && watch != u"0" && watch != u"false";
    }
};
