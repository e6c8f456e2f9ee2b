#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

// Realistic objects for the fake cluster, shaped as the real API returns them.
namespace KubeObjects {

QJsonObject namespaceObject(const QString &name, const QMap<QString, QString> &labels = {});

// An Ingress with one rule per host (path "/" to service name:80) and, when given, a
// load-balancer status entry with an IP and/or a hostname.
QJsonObject ingress(const QString &namespaceName, const QString &name, const QStringList &hosts,
                    const QString &ip = {}, const QString &hostname = {});

// A type: LoadBalancer Service; externalDnsHostnames go into the
// external-dns.alpha.kubernetes.io/hostname annotation (comma-separated).
QJsonObject loadBalancerService(const QString &namespaceName, const QString &name,
                                const QStringList &externalDnsHostnames, const QString &ip = {});

struct Listener
{
    QString name;
    QString hostname; // empty: any
    int port = 80;
    QString protocol = QStringLiteral("HTTP");
    QString allowedNamespaces = QStringLiteral("Same"); // Same | All
};
QJsonObject gateway(const QString &namespaceName, const QString &name,
                    const QList<Listener> &listeners, const QStringList &addresses);

struct ParentRef
{
    QString namespaceName; // empty: the route's namespace
    QString name;
    QString sectionName;
    int port = 0; // 0: unset
};
// An HTTPRoute bound to its parents, with status.parents Accepted=True for each.
QJsonObject httpRoute(const QString &namespaceName, const QString &name,
                      const QStringList &hostnames, const QList<ParentRef> &parents);

} // namespace KubeObjects
