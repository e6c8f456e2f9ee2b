#include "tests/support/seedworkload.h"

#include "tests/support/fakecluster.h"
#include "tests/support/kubeobjects.h"

using namespace Qt::StringLiterals;

namespace {

QString numbered(const QString &prefix, int index)
{
    return prefix + u'-' + QString::number(index).rightJustified(4, u'0');
}

} // namespace

QString SeedWorkload::namespaceName(int index)
{
    return numbered(u"ns"_s, index);
}

QString SeedWorkload::address(int namespaceIndex, int objectIndex)
{
    return u"172.18.%1.%2"_s.arg(namespaceIndex % 250).arg(1 + objectIndex % 250);
}

int SeedWorkload::populate(FakeCluster &cluster) const
{
    int written = 0;
    for (int n = 1; n <= namespaces; ++n) {
        const QString ns = namespaceName(n);
        cluster.apply(ResourceKind::Namespace, KubeObjects::namespaceObject(ns));
        ++written;
        for (int i = 1; i <= ingressesPerNamespace; ++i) {
            const QString name = numbered(u"ing"_s, i);
            cluster.apply(
                ResourceKind::Ingress,
                KubeObjects::ingress(ns, name, {name + u'.' + ns + u".test"_s}, address(n, i)));
            ++written;
        }
        for (int i = 1; i <= servicesPerNamespace; ++i) {
            const QString name = numbered(u"svc"_s, i);
            cluster.apply(ResourceKind::Service,
                          KubeObjects::loadBalancerService(
                              ns, name, {name + u'.' + ns + u".test"_s}, address(n, 100 + i)));
            ++written;
        }
        if (routesPerNamespace <= 0)
            continue;
        cluster.apply(ResourceKind::Gateway,
                      KubeObjects::gateway(ns, u"gw"_s, {{u"http"_s, {}, 80}}, {address(n, 0)}));
        ++written;
        for (int i = 1; i <= routesPerNamespace; ++i) {
            const QString name = numbered(u"route"_s, i);
            cluster.apply(ResourceKind::HTTPRoute,
                          KubeObjects::httpRoute(ns, name, {name + u'.' + ns + u".test"_s},
                                                 {{{}, u"gw"_s, {}, 0}}));
            ++written;
        }
    }
    return written;
}
