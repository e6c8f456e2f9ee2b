#pragma once

#include <QString>

class FakeCluster;

// Fills a fake cluster with a predictable workload: namespaces ns-0001..ns-N, each with
// Ingresses ing-0001..ing-M (host ing-0001.ns-0001.test), LoadBalancer Services with an
// ExternalDNS hostname (svc-0001.ns-0001.test), and HTTPRoutes (route-0001.ns-0001.test)
// bound to one Gateway "gw" per namespace. Load-balancer addresses are 172.18.x.y.
struct SeedWorkload
{
    int namespaces = 3;
    int ingressesPerNamespace = 2;
    int servicesPerNamespace = 0;
    int routesPerNamespace = 0;

    // Returns the number of objects written.
    int populate(FakeCluster &cluster) const;

    static QString namespaceName(int index); // ns-0001 for 1
    static QString address(int namespaceIndex, int objectIndex);
};
