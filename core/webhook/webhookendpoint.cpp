#include "core/webhook/webhookendpoint.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <algorithm>

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool readString(const QJsonObject &object, const char16_t *key, const QString &where, QString *out,
                QString *error)
{
    const QJsonValue v = object.value(QString::fromUtf16(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isString())
        return fail(error, QStringLiteral("%1.%2 is not a string").arg(where, key));
    *out = v.toString();
    return true;
}

bool readTargets(const QJsonObject &object, const QString &where, QStringList *out, QString *error)
{
    const QJsonValue v = object.value(u"targets");
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isArray())
        return fail(error, QStringLiteral("%1.targets is not a list").arg(where));
    const QJsonArray targets = v.toArray();
    for (qsizetype i = 0; i < targets.size(); ++i) {
        if (!targets.at(i).isString())
            return fail(error, QStringLiteral("%1.targets[%2] is not a string").arg(where).arg(i));
        out->append(targets.at(i).toString());
    }
    return true;
}

// recordTTL is a Go int64; labels a map of strings; providerSpecific a list of
// {name, value} strings. Checked so a body Go would refuse is refused here too.
bool checkRest(const QJsonObject &object, const QString &where, qint64 *ttl, QString *error)
{
    if (const QJsonValue v = object.value(u"recordTTL"); !v.isUndefined() && !v.isNull()) {
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 0 || d > 9.0e15 || d != double(qint64(d)))
            return fail(error,
                        QStringLiteral("%1.recordTTL is not a whole number of seconds").arg(where));
        *ttl = qint64(d);
    }
    if (const QJsonValue v = object.value(u"labels"); !v.isUndefined() && !v.isNull()) {
        if (!v.isObject())
            return fail(error, QStringLiteral("%1.labels is not an object").arg(where));
        const QJsonObject labels = v.toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it) {
            if (!it.value().isString())
                return fail(error,
                            QStringLiteral("%1.labels.%2 is not a string").arg(where, it.key()));
        }
    }
    if (const QJsonValue v = object.value(u"providerSpecific"); !v.isUndefined() && !v.isNull()) {
        if (!v.isArray())
            return fail(error, QStringLiteral("%1.providerSpecific is not a list").arg(where));
        for (const QJsonValue &p : v.toArray()) {
            const QJsonObject property = p.toObject();
            const auto stringOrAbsent = [&property](QStringView key) {
                const QJsonValue value = property.value(key);
                return value.isUndefined() || value.isNull() || value.isString();
            };
            if (!p.isObject() || !stringOrAbsent(u"name") || !stringOrAbsent(u"value"))
                return fail(error, QStringLiteral("%1.providerSpecific holds something other than "
                                                  "{name, value} strings")
                                       .arg(where));
        }
    }
    return true;
}

std::optional<QJsonValue> parseJson(const QByteArray &body, QString *error)
{
    if (body.trimmed().isEmpty() || body.trimmed() == "null")
        return QJsonValue(QJsonValue::Null);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        fail(error, QStringLiteral("the body is not JSON: %1 at byte %2")
                        .arg(parseError.errorString())
                        .arg(parseError.offset));
        return std::nullopt;
    }
    if (doc.isArray())
        return QJsonValue(doc.array());
    return QJsonValue(doc.object());
}

bool readList(const QJsonValue &value, const QString &where, WebhookEndpoints *out, QString *error)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray())
        return fail(error, QStringLiteral("%1 is not a list of endpoints").arg(where));
    const QJsonArray list = value.toArray();
    out->reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list.at(i).isNull())
            continue; // Go decodes null into a nil *Endpoint, which nobody sends
        const QString at = QStringLiteral("%1[%2]").arg(where).arg(i);
        if (!list.at(i).isObject())
            return fail(error, at + u" is not an endpoint object"_qs);
        std::optional<WebhookEndpoint> e = parseWebhookEndpoint(list.at(i).toObject(), at, error);
        if (!e)
            return false;
        out->append(std::move(*e));
    }
    return true;
}

} // namespace

QString WebhookEndpoint::key() const
{
    // The three parts cannot hold a newline once checked, so this is unambiguous.
    return dnsName + u'\n' + recordType + u'\n' + setIdentifier;
}

QString WebhookEndpoint::host() const
{
    QString name = dnsName.toLower();
    if (name.endsWith(u'.'))
        name.chop(1);
    return name;
}

bool WebhookEndpoint::publishes() const
{
    return recordType == u"A" || recordType == u"AAAA" || recordType == u"CNAME";
}

std::optional<WebhookEndpoint> parseWebhookEndpoint(const QJsonObject &object, const QString &where,
                                                    QString *error)
{
    WebhookEndpoint e;
    if (!readString(object, u"dnsName", where, &e.dnsName, error) ||
        !readString(object, u"recordType", where, &e.recordType, error) ||
        !readString(object, u"setIdentifier", where, &e.setIdentifier, error) ||
        !readTargets(object, where, &e.targets, error) || !checkRest(object, where, &e.ttl, error))
        return std::nullopt;
    if (e.dnsName.isEmpty()) {
        fail(error, QStringLiteral("%1 has no dnsName").arg(where));
        return std::nullopt;
    }
    for (const QString *part : {&e.dnsName, &e.recordType, &e.setIdentifier}) {
        if (part->contains(u'\n') || part->contains(u'\r')) {
            fail(error, QStringLiteral("%1 has a line break in a name").arg(where));
            return std::nullopt;
        }
    }
    e.json = object;
    return e;
}

std::optional<WebhookEndpoints> parseWebhookEndpoints(const QByteArray &body, QString *error)
{
    const std::optional<QJsonValue> json = parseJson(body, error);
    if (!json)
        return std::nullopt;
    WebhookEndpoints out;
    if (!readList(*json, u"endpoints"_qs, &out, error))
        return std::nullopt;
    return out;
}

std::optional<WebhookChanges> parseWebhookChanges(const QByteArray &body, QString *error)
{
    const std::optional<QJsonValue> json = parseJson(body, error);
    if (!json)
        return std::nullopt;
    WebhookChanges changes;
    if (json->isNull())
        return changes;
    if (!json->isObject()) {
        fail(error, u"the body is not a Changes object ({\"create\": [...], ...})"_qs);
        return std::nullopt;
    }
    const QJsonObject object = json->toObject();
    if (!readList(object.value(u"create"), u"create"_qs, &changes.create, error) ||
        !readList(object.value(u"updateOld"), u"updateOld"_qs, &changes.updateOld, error) ||
        !readList(object.value(u"updateNew"), u"updateNew"_qs, &changes.updateNew, error) ||
        !readList(object.value(u"delete"), u"delete"_qs, &changes.remove, error))
        return std::nullopt;
    return changes;
}

QByteArray webhookEndpointsToJson(const WebhookEndpoints &endpoints)
{
    QJsonArray array;
    for (const WebhookEndpoint &e : endpoints)
        array.append(e.json);
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QByteArray WebhookDomainFilter::toJson() const
{
    QJsonObject object;
    if (!include.isEmpty())
        object.insert(u"include", QJsonArray::fromStringList(include));
    if (!exclude.isEmpty())
        object.insert(u"exclude", QJsonArray::fromStringList(exclude));
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool WebhookDomainFilter::matches(const QString &name) const
{
    const auto under = [&name](const QString &domain) {
        QString d = domain.toLower();
        if (d.startsWith(u'.'))
            d.remove(0, 1);
        if (d.endsWith(u'.'))
            d.chop(1);
        return name == d || name.endsWith(u'.' + d);
    };
    if (std::any_of(exclude.cbegin(), exclude.cend(), under))
        return false;
    return include.isEmpty() || std::any_of(include.cbegin(), include.cend(), under);
}
