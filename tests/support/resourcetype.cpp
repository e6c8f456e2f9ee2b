#include "tests/support/resourcetype.h"

using namespace Qt::StringLiterals;

QString ResourceType::groupVersionPath() const
{
    return group.isEmpty() ? u"/api/"_s + version : u"/apis/"_s + group + u'/' + version;
}

const QList<ResourceType> &ResourceType::all()
{
    static const QList<ResourceType> types = {
        {ResourceKind::Namespace,
         {},
         u"v1"_s,
         u"namespaces"_s,
         u"namespace"_s,
         u"Namespace"_s,
         false,
         {u"ns"_s},
         {}},
        {ResourceKind::Service,
         {},
         u"v1"_s,
         u"services"_s,
         u"service"_s,
         u"Service"_s,
         true,
         {u"svc"_s},
         {u"all"_s}},
        {ResourceKind::Ingress,
         u"networking.k8s.io"_s,
         u"v1"_s,
         u"ingresses"_s,
         u"ingress"_s,
         u"Ingress"_s,
         true,
         {u"ing"_s},
         {}},
        {ResourceKind::Gateway,
         u"gateway.networking.k8s.io"_s,
         u"v1"_s,
         u"gateways"_s,
         u"gateway"_s,
         u"Gateway"_s,
         true,
         {u"gtw"_s},
         {u"gateway-api"_s}},
        {ResourceKind::HTTPRoute,
         u"gateway.networking.k8s.io"_s,
         u"v1"_s,
         u"httproutes"_s,
         u"httproute"_s,
         u"HTTPRoute"_s,
         true,
         {},
         {u"gateway-api"_s}},
        {ResourceKind::GRPCRoute,
         u"gateway.networking.k8s.io"_s,
         u"v1"_s,
         u"grpcroutes"_s,
         u"grpcroute"_s,
         u"GRPCRoute"_s,
         true,
         {},
         {u"gateway-api"_s}},
        // Served where the experimental channel installs it (v1.2 to v1.4).
        {ResourceKind::TLSRoute,
         u"gateway.networking.k8s.io"_s,
         u"v1alpha2"_s,
         u"tlsroutes"_s,
         u"tlsroute"_s,
         u"TLSRoute"_s,
         true,
         {},
         {u"gateway-api"_s}},
    };
    return types;
}

const ResourceType &ResourceType::of(ResourceKind kind)
{
    return all().at(int(kind));
}

const ResourceType *ResourceType::find(const QString &group, const QString &version,
                                       const QString &plural)
{
    for (const ResourceType &type : all()) {
        if (type.group == group && type.version == version && type.plural == plural)
            return &type;
    }
    return nullptr;
}
