#pragma once

#include "core/mapping/desiredhosts.h"
#include "core/webhook/webhookendpoint.h"

#include <map>

// The records ExternalDNS keeps with us, as it sent them, and the host mappings they make.
// Pure: apply() and the JSON round trip do no I/O (WebhookSource writes the file).
//
// Every record is kept — TXT registry records too, verbatim, so ExternalDNS recognises what
// it owns on its next GET /records. The A, AAAA and CNAME records of one dnsName are one
// object ("DNSEndpoint/<name>") with all their targets: one name with all its addresses,
// never a conflict with itself. A CNAME's target is looked up like a load balancer's DNS
// name.
class WebhookStore
{
public:
    struct Change
    {
        QString action; // created, updated, deleted
        WebhookEndpoint endpoint;
    };
    struct Applied
    {
        QList<Change> changes;
        QSet<QString> hosts; // hosts whose records changed
    };

    // Deletes (delete, updateOld) first, then creates (create, updateNew); a record created
    // again replaces the one with its key, a delete of a record we do not hold changes
    // nothing. `now` (ISO 8601, UTC) dates new names: the oldest claim wins a conflict.
    Applied apply(const WebhookChanges &changes, const QString &now);

    WebhookEndpoints records() const; // sorted by key
    qsizetype size() const { return qsizetype(m_records.size()); }

    // The mappings of these hosts (an empty list for a host without records), or of all of
    // them, as the source `context` makes them. Names outside filter are not published.
    ObjectMappings mappings(const QSet<QString> &hosts, const QString &context,
                            const WebhookDomainFilter &filter) const;
    ObjectMappings allMappings(const QString &context, const WebhookDomainFilter &filter) const;
    static QString objectOf(const QString &host) { return u"DNSEndpoint/"_qs + host; }

    // The state file: {"version": 1, "records": [{"created": "...", "endpoint": {...}}]}.
    QByteArray toJson() const;
    static std::optional<WebhookStore> fromJson(const QByteArray &json, QString *error);

private:
    struct Record
    {
        WebhookEndpoint endpoint;
        QString created;
    };
    HostMappings mappingsOf(const QString &host, const QString &context) const;

    std::map<QString, Record> m_records; // by WebhookEndpoint::key()
};
