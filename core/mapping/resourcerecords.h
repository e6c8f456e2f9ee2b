#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

// The few fields of each watched object that mapping needs. The store keeps these instead
// of whole objects, so 10,000 Ingresses cost kilobytes each less.

struct ObjectKey
{
    QString ns;
    QString name;
    friend bool operator==(const ObjectKey &, const ObjectKey &) = default;
};

// One status.loadBalancer.ingress[] entry: an address or a DNS name (clouds, Docker Desktop).
struct LoadBalancerAddress
{
    QString ip;
    QString hostname;
    friend bool operator==(const LoadBalancerAddress &, const LoadBalancerAddress &) = default;
};

// What ExternalDNS reads from any object's annotations, under either prefix.
struct ExternalDnsAnnotations
{
    QStringList hostnames; // hostname annotation, split at commas
    QStringList targets;   // target annotation, split at commas
    // ingress-hostname-source / gateway-hostname-source: "defined-hosts-only",
    // "annotation-only", or empty for both
    QString hostnameSource;
    bool otherController = false; // the controller annotation names a controller not ours
    friend bool operator==(const ExternalDnsAnnotations &,
                           const ExternalDnsAnnotations &) = default;
};

struct IngressRecord
{
    ObjectKey key;
    QString created;      // metadata.creationTimestamp (RFC 3339, compares as text)
    QStringList hosts;    // spec.rules[].host, in order
    QStringList tlsHosts; // spec.tls[].hosts[], in order
    QList<LoadBalancerAddress> addresses;
    ExternalDnsAnnotations dns;
    friend bool operator==(const IngressRecord &, const IngressRecord &) = default;
};

struct ServiceRecord
{
    ObjectKey key;
    QString created;
    bool loadBalancer = false;
    QStringList externalIps;
    QList<LoadBalancerAddress> addresses;
    ExternalDnsAnnotations dns; // hostnames come from the annotation only
    friend bool operator==(const ServiceRecord &, const ServiceRecord &) = default;
};

struct LabelSelector
{
    struct Requirement
    {
        QString key;
        QString op; // In, NotIn, Exists, DoesNotExist
        QStringList values;
        friend bool operator==(const Requirement &, const Requirement &) = default;
    };
    QHash<QString, QString> matchLabels;
    QList<Requirement> matchExpressions;
    bool matches(const QHash<QString, QString> &labels) const;
    friend bool operator==(const LabelSelector &, const LabelSelector &) = default;
};

struct GatewayListener
{
    QString name;
    QString hostname; // may be empty or a wildcard
    int port = 0;
    QString protocol;
    QString routesFrom = QStringLiteral("Same"); // allowedRoutes.namespaces.from
    LabelSelector routesSelector;
    QStringList routeKinds; // allowedRoutes.kinds[].kind, empty = any
    friend bool operator==(const GatewayListener &, const GatewayListener &) = default;
};

struct GatewayRecord
{
    ObjectKey key;
    QString created;
    QList<GatewayListener> listeners;
    QList<LoadBalancerAddress> addresses; // status.addresses (IPAddress → ip, Hostname → hostname)
    QStringList targets;
    friend bool operator==(const GatewayRecord &, const GatewayRecord &) = default;
};

struct ParentRef
{
    QString group = QStringLiteral("gateway.networking.k8s.io");
    QString kind = QStringLiteral("Gateway");
    QString ns; // defaulted to the route's namespace when parsed
    QString name;
    QString sectionName;
    int port = 0; // 0: unset
    friend bool operator==(const ParentRef &, const ParentRef &) = default;
};

// The route kinds that carry hostnames, as their objects name them.
enum class RouteKind
{
    Http,
    Grpc,
    Tls
};
QString routeKindName(RouteKind kind); // "HTTPRoute", "GRPCRoute", "TLSRoute"

struct RouteRecord
{
    RouteKind kind = RouteKind::Http;
    ObjectKey key;
    QString created;
    QStringList hostnames; // spec.hostnames
    QList<ParentRef> parents;
    QList<ParentRef> acceptedParents; // status.parents[] with Accepted=True
    ExternalDnsAnnotations dns;
    friend bool operator==(const RouteRecord &, const RouteRecord &) = default;
};

struct NamespaceRecord
{
    QString name;
    QHash<QString, QString> labels;
    friend bool operator==(const NamespaceRecord &, const NamespaceRecord &) = default;
};
