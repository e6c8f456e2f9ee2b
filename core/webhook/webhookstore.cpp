#include "core/webhook/webhookstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

WebhookStore::Applied WebhookStore::apply(const WebhookChanges &changes, const QString &now)
{
    Applied applied;
    // An update keeps its name's date even when updateOld takes the name's last record.
    QHash<QString, QString> updatedSince;
    for (const WebhookEndpoint &e : changes.updateOld) {
        if (const auto it = m_records.find(e.key()); it != m_records.end())
            updatedSince.insert(e.host(), it->second.created);
    }
    for (const WebhookEndpoints *list : {&changes.remove, &changes.updateOld}) {
        for (const WebhookEndpoint &e : *list) {
            const auto it = m_records.find(e.key());
            if (it == m_records.end())
                continue;
            applied.hosts.insert(it->second.endpoint.host());
            if (list == &changes.remove)
                applied.changes.append({u"deleted"_qs, it->second.endpoint});
            m_records.erase(it);
        }
    }
    for (const WebhookEndpoints *list : {&changes.create, &changes.updateNew}) {
        for (const WebhookEndpoint &e : *list) {
            // A name keeps its date while any of its records stays, so an update never makes
            // it younger than a name it won against.
            QString created = std::min(now, updatedSince.value(e.host(), now));
            for (const auto &[key, record] : m_records) {
                if (record.endpoint.host() == e.host() && record.created < created)
                    created = record.created;
            }
            m_records.insert_or_assign(e.key(), Record{e, created});
            applied.hosts.insert(e.host());
            applied.changes.append({list == &changes.create ? u"created"_qs : u"updated"_qs, e});
        }
    }
    return applied;
}

WebhookEndpoints WebhookStore::records() const
{
    WebhookEndpoints out;
    out.reserve(qsizetype(m_records.size()));
    for (const auto &[key, record] : m_records)
        out.append(record.endpoint);
    return out;
}

HostMappings WebhookStore::mappingsOf(const QString &host, const QString &context) const
{
    HostMappings out;
    QString created;
    for (const auto &[key, record] : m_records) {
        const WebhookEndpoint &e = record.endpoint;
        if (e.host() != host || !e.publishes())
            continue;
        if (created.isEmpty() || record.created < created)
            created = record.created;
        const bool isName = e.recordType == u"CNAME";
        for (QString target : e.targets) {
            if (isName && target.endsWith(u'.'))
                target.chop(1);
            HostMapping m;
            m.host = host;
            m.address = isName ? target.toLower() : target;
            m.addressIsName = isName;
            m.origin = e.recordType + u" record"_qs;
            out.append(std::move(m));
        }
    }
    // One source for the whole name: its A, AAAA and CNAME targets are one claim.
    const SourceRef source{context, {}, u"DNSEndpoint"_qs, host, created};
    for (HostMapping &m : out)
        m.source = source;
    return out;
}

ObjectMappings WebhookStore::mappings(const QSet<QString> &hosts, const QString &context,
                                      const WebhookDomainFilter &filter) const
{
    ObjectMappings out;
    for (const QString &host : hosts)
        out.insert(objectOf(host),
                   filter.matches(host) ? mappingsOf(host, context) : HostMappings{});
    return out;
}

ObjectMappings WebhookStore::allMappings(const QString &context,
                                         const WebhookDomainFilter &filter) const
{
    QSet<QString> hosts;
    for (const auto &[key, record] : m_records) {
        if (record.endpoint.publishes())
            hosts.insert(record.endpoint.host());
    }
    ObjectMappings out = mappings(hosts, context, filter);
    out.removeIf([](const auto &it) { return it.value().isEmpty(); });
    return out;
}

QByteArray WebhookStore::toJson() const
{
    QJsonArray records;
    for (const auto &[key, record] : m_records)
        records.append(
            QJsonObject{{u"created"_qs, record.created}, {u"endpoint"_qs, record.endpoint.json}});
    return QJsonDocument(QJsonObject{{u"version"_qs, 1}, {u"records"_qs, records}})
        .toJson(QJsonDocument::Indented);
}

std::optional<WebhookStore> WebhookStore::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() ||
        doc.object().value(u"version").toInt() != 1) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError
                         ? u"not JSON: "_qs + parseError.errorString()
                         : u"not a k8s-hosts webhook state file (version 1)"_qs;
        return std::nullopt;
    }
    WebhookStore store;
    const QJsonArray records = doc.object().value(u"records").toArray();
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QJsonObject record = records.at(i).toObject();
        std::optional<WebhookEndpoint> e = parseWebhookEndpoint(
            record.value(u"endpoint").toObject(), u"records[%1]"_qs.arg(i), error);
        if (!e)
            return std::nullopt;
        QString key = e->key();
        store.m_records.insert_or_assign(
            std::move(key), Record{std::move(*e), record.value(u"created").toString()});
    }
    return store;
}
