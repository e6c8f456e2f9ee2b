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

struct IngressRecord
{
    ObjectKey key;
    QString created;   // metadata.creationTimestamp (RFC 3339, compares as text)
    QStringList hosts; // spec.rules[].host, in order
    QList<LoadBalancerAddress> addresses;
    QStringList targets; // ExternalDNS target annotation
    friend bool operator==(const IngressRecord &, const IngressRecord &) = default;
};

struct ServiceRecord
{
    ObjectKey key;
    QString created;
    bool loadBalancer = false;
    QStringList hosts;   // ExternalDNS hostname annotation
    QStringList targets; // ExternalDNS target annotation
    QStringList externalIps;
    QList<LoadBalancerAddress> addresses;
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

struct HttpRouteRecord
{
    ObjectKey key;
    QString created;
    QStringList hostnames;
    QList<ParentRef> parents;
    QList<ParentRef> acceptedParents; // status.parents[] with Accepted=True
    friend bool operator==(const HttpRouteRecord &, const HttpRouteRecord &) = default;
};

struct NamespaceRecord
{
    QString name;
    QHash<QString, QString> labels;
    friend bool operator==(const NamespaceRecord &, const NamespaceRecord &) = default;
};
