#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// meta/v1 Status objects, the body of every API error and of watch ERROR events.
namespace StatusBody {

// The usual reason for an HTTP code: 401 Unauthorized, 404 NotFound, 410 Expired, ...
QString reasonFor(int code);
QJsonObject make(int code, const QString &message, const QString &reason = {},
                 const QJsonObject &details = {});
QByteArray json(int code, const QString &message, const QString &reason = {},
                const QJsonObject &details = {});

} // namespace StatusBody
