#include "tests/support/kubeobjects.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

QJsonObject metadata(const QString &namespaceName, const QString &name)
{
    QJsonObject meta{{u"name"_s, name}};
    if (!namespaceName.isEmpty())
        meta.insert(u"namespace", namespaceName);
    return meta;
}

QJsonObject loadBalancerStatus(const QString &ip, const QString &hostname)
{
    QJsonArray ingress;
    if (!ip.isEmpty() || !hostname.isEmpty()) {
        QJsonObject entry;
        if (!ip.isEmpty())
            entry.insert(u"ip", ip);
        if (!hostname.isEmpty())
            entry.insert(u"hostname", hostname);
        ingress.append(entry);
    }
    QJsonObject balancer;
    if (!ingress.isEmpty())
        balancer.insert(u"ingress", ingress);
    return QJsonObject{{u"loadBalancer"_s, balancer}};
}

} // namespace

namespace KubeObjects {

QJsonObject namespaceObject(const QString &name, const QMap<QString, QString> &labels)
{
    QJsonObject meta = metadata({}, name);
    QJsonObject labelObject{{u"kubernetes.io/metadata.name"_s, name}};
    for (auto it = labels.begin(); it != labels.end(); ++it)
        labelObject.insert(it.key(), it.value());
    meta.insert(u"labels", labelObject);
    return {{u"metadata"_s, meta},
            {u"spec"_s, QJsonObject{{u"finalizers"_s, QJsonArray{u"kubernetes"_s}}}},
            {u"status"_s, QJsonObject{{u"phase"_s, u"Active"_s}}}};
}

QJsonObject ingress(const QString &namespaceName, const QString &name, const QStringList &hosts,
                    const QString &ip, const QString &hostname)
{
    const QJsonObject backend{
        {u"service"_s,
         QJsonObject{{u"name"_s, name}, {u"port"_s, QJsonObject{{u"number"_s, 80}}}}}};
    const QJsonObject path{
        {u"path"_s, u"/"_s}, {u"pathType"_s, u"Prefix"_s}, {u"backend"_s, backend}};
    QJsonArray rules;
    for (const QString &host : hosts) {
        rules.append(QJsonObject{
            {u"host"_s, host},
            {u"http"_s, QJsonObject{{u"paths"_s, QJsonArray{path}}}},
        });
    }
    return {{u"metadata"_s, metadata(namespaceName, name)},
            {u"spec"_s, QJsonObject{{u"ingressClassName"_s, u"nginx"_s}, {u"rules"_s, rules}}},
            {u"status"_s, loadBalancerStatus(ip, hostname)}};
}

QJsonObject loadBalancerService(const QString &namespaceName, const QString &name,
                                const QStringList &externalDnsHostnames, const QString &ip)
{
    QJsonObject meta = metadata(namespaceName, name);
    if (!externalDnsHostnames.isEmpty()) {
        meta.insert(u"annotations", QJsonObject{{u"external-dns.alpha.kubernetes.io/hostname"_s,
                                                 externalDnsHostnames.join(u',')}});
    }
    const QJsonObject port{{u"name"_s, u"http"_s},
                           {u"port"_s, 80},
                           {u"protocol"_s, u"TCP"_s},
                           {u"targetPort"_s, 8080}};
    const QJsonObject spec{{u"type"_s, u"LoadBalancer"_s},
                           {u"selector"_s, QJsonObject{{u"app"_s, name}}},
                           {u"ports"_s, QJsonArray{port}}};
    return {{u"metadata"_s, meta}, {u"spec"_s, spec}, {u"status"_s, loadBalancerStatus(ip, {})}};
}

QJsonObject gateway(const QString &namespaceName, const QString &name,
                    const QList<Listener> &listeners, const QStringList &addresses)
{
    QJsonArray listenerArray;
    QJsonArray listenerStatus;
    for (const Listener &listener : listeners) {
        QJsonObject entry{
            {u"name"_s, listener.name},
            {u"port"_s, listener.port},
            {u"protocol"_s, listener.protocol},
            {u"allowedRoutes"_s,
             QJsonObject{{u"namespaces"_s, QJsonObject{{u"from"_s, listener.allowedNamespaces}}}}},
        };
        if (!listener.hostname.isEmpty())
            entry.insert(u"hostname", listener.hostname);
        listenerArray.append(entry);
        listenerStatus.append(QJsonObject{{u"name"_s, listener.name}, {u"attachedRoutes"_s, 0}});
    }
    QJsonArray addressArray;
    for (const QString &address : addresses)
        addressArray.append(QJsonObject{{u"type"_s, u"IPAddress"_s}, {u"value"_s, address}});
    const QJsonObject programmed{{u"type"_s, u"Programmed"_s}, {u"status"_s, u"True"_s}};
    return {{u"metadata"_s, metadata(namespaceName, name)},
            {u"spec"_s,
             QJsonObject{{u"gatewayClassName"_s, u"test"_s}, {u"listeners"_s, listenerArray}}},
            {u"status"_s, QJsonObject{{u"addresses"_s, addressArray},
                                      {u"conditions"_s, QJsonArray{programmed}},
                                      {u"listeners"_s, listenerStatus}}}};
}

QJsonObject httpRoute(const QString &namespaceName, const QString &name,
                      const QStringList &hostnames, const QList<ParentRef> &parents)
{
    QJsonArray refs;
    QJsonArray statusParents;
    for (const ParentRef &parent : parents) {
        QJsonObject ref{{u"group"_s, u"gateway.networking.k8s.io"_s},
                        {u"kind"_s, u"Gateway"_s},
                        {u"name"_s, parent.name}};
        if (!parent.namespaceName.isEmpty())
            ref.insert(u"namespace", parent.namespaceName);
        if (!parent.sectionName.isEmpty())
            ref.insert(u"sectionName", parent.sectionName);
        if (parent.port > 0)
            ref.insert(u"port", parent.port);
        refs.append(ref);
        const QJsonObject accepted{{u"type"_s, u"Accepted"_s}, {u"status"_s, u"True"_s}};
        statusParents.append(QJsonObject{{u"parentRef"_s, ref},
                                         {u"controllerName"_s, u"example.com/test"_s},
                                         {u"conditions"_s, QJsonArray{accepted}}});
    }
    const QJsonObject backend{{u"name"_s, name}, {u"port"_s, 80}};
    const QJsonObject rule{{u"backendRefs"_s, QJsonArray{backend}}};
    return {{u"metadata"_s, metadata(namespaceName, name)},
            {u"spec"_s, QJsonObject{{u"hostnames"_s, QJsonArray::fromStringList(hostnames)},
                                    {u"parentRefs"_s, refs},
                                    {u"rules"_s, QJsonArray{rule}}}},
            {u"status"_s, QJsonObject{{u"parents"_s, statusParents}}}};
}

} // namespace KubeObjects
