#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The JSON of ExternalDNS's webhook protocol (kubernetes-sigs/external-dns
// endpoint/endpoint.go `Endpoint`, plan/plan.go `Changes`): read, checked and written back.
// Pure: no I/O, QtCore only, so the fuzz target and the unit tests drive it directly.

// The media type ExternalDNS sends and requires back, exactly
// (provider/webhook/api/httpapi.go `MediaTypeFormatAndVersion`).
inline constexpr char webhookMediaType[] = "application/external.dns.webhook+json;version=1";

// One record as ExternalDNS sends it. The fields k8s-hosts reads are parsed; `json` is the
// object as given, so GET /records returns it unchanged (ExternalDNS's TXT registry and its
// labels depend on that).
struct WebhookEndpoint
{
    QString dnsName;
    QStringList targets;
    QString recordType;
    QString setIdentifier;
    qint64 ttl = 0;
    QJsonObject json;

    // ExternalDNS's EndpointKey (endpoint.go `Key()`): name, type and set identifier.
    QString key() const;
    // The name without its trailing dot, lower case: the host it publishes.
    QString host() const;
    // A, AAAA and CNAME publish names; TXT (the registry) and others are only kept.
    bool publishes() const;
};
using WebhookEndpoints = QList<WebhookEndpoint>;

// plan.Changes: updateOld[i] is the record before updateNew[i].
struct WebhookChanges
{
    WebhookEndpoints create;
    WebhookEndpoints updateOld;
    WebhookEndpoints updateNew;
    WebhookEndpoints remove; // "delete"

    bool isEmpty() const
    {
        return create.isEmpty() && updateOld.isEmpty() && updateNew.isEmpty() && remove.isEmpty();
    }
};

// ExternalDNS's domain filter (endpoint/domain_filter.go `domainFilterSerde`): what GET /
// answers. Empty: every name.
struct WebhookDomainFilter
{
    QStringList include;
    QStringList exclude;

    QByteArray toJson() const;
    // name (no trailing dot) is one of include's domains or under one, and not excluded.
    bool matches(const QString &name) const;
};

// The body of POST /adjustendpoints (a JSON array of endpoints, or null). std::nullopt with a
// sentence in *error when it is not JSON or a field has the wrong type.
std::optional<WebhookEndpoints> parseWebhookEndpoints(const QByteArray &body, QString *error);
// The body of POST /records (a Changes object, or null).
std::optional<WebhookChanges> parseWebhookChanges(const QByteArray &body, QString *error);
// One endpoint object, checked as Go's decoder would (wrong types are errors; unknown keys
// are kept). `where` names it in the error ("create[2]").
std::optional<WebhookEndpoint> parseWebhookEndpoint(const QJsonObject &object, const QString &where,
                                                    QString *error);
// A JSON array of the endpoints' objects as given.
QByteArray webhookEndpointsToJson(const WebhookEndpoints &endpoints);
