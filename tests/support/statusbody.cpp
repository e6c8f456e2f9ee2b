#include "tests/support/statusbody.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace StatusBody {

QString reasonFor(int code)
{
    switch (code) {
    case 400:
        return u"BadRequest"_s;
    case 401:
        return u"Unauthorized"_s;
    case 403:
        return u"Forbidden"_s;
    case 404:
        return u"NotFound"_s;
    case 405:
        return u"MethodNotAllowed"_s;
    case 409:
        return u"Conflict"_s;
    case 410:
        return u"Expired"_s;
    case 422:
        return u"Invalid"_s;
    case 429:
        return u"TooManyRequests"_s;
    case 503:
        return u"ServiceUnavailable"_s;
    case 504:
        return u"Timeout"_s;
    default:
        return code >= 500 ? u"InternalError"_s : u"BadRequest"_s;
    }
}

QJsonObject make(int code, const QString &message, const QString &reason,
                 const QJsonObject &details)
{
    QJsonObject status{
        {u"kind"_s, u"Status"_s},
        {u"apiVersion"_s, u"v1"_s},
        {u"metadata"_s, QJsonObject()},
        {u"status"_s, u"Failure"_s},
        {u"message"_s, message},
        {u"reason"_s, reason.isEmpty() ? reasonFor(code) : reason},
        {u"code"_s, code},
    };
    if (!details.isEmpty())
        status.insert(u"details", details);
    return status;
}

QByteArray json(int code, const QString &message, const QString &reason, const QJsonObject &details)
{
    return QJsonDocument(make(code, message, reason, details)).toJson(QJsonDocument::Compact);
}

} // namespace StatusBody
