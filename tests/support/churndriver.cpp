#include "tests/support/churndriver.h"

#include "tests/support/fakecluster.h"
#include "tests/support/kubeobjects.h"
#include "tests/support/seedworkload.h"

#include <QJsonArray>

#include <cmath>

using namespace Qt::StringLiterals;

ChurnDriver::ChurnDriver(FakeCluster *cluster, double writesPerSecond, quint32 seed,
                         QObject *parent)
    : QObject(parent)
    , m_cluster(cluster)
    , m_random(seed)
{
    // Timers are coarse: above 100 writes a second, do several per tick.
    const double ticksPerSecond = std::min(std::max(writesPerSecond, 0.01), 100.0);
    m_writesPerTick = std::max(1, int(std::lround(writesPerSecond / ticksPerSecond)));
    m_timer.setInterval(int(1000.0 / ticksPerSecond));
    connect(&m_timer, &QTimer::timeout, this, &ChurnDriver::tick);
}

void ChurnDriver::start()
{
    m_timer.start();
}

void ChurnDriver::tick()
{
    for (int i = 0; i < m_writesPerTick; ++i) {
        const FakeCluster::Objects &ingresses = m_cluster->store(ResourceKind::Ingress);
        const int roll = int(m_random.bounded(20));
        if (ingresses.empty() || roll == 0) {
            const int namespaceIndex = 1 + int(m_random.bounded(3));
            const QString ns = SeedWorkload::namespaceName(namespaceIndex);
            const QString name = u"churn-%1"_s.arg(++m_created);
            m_cluster->apply(ResourceKind::Ingress,
                             KubeObjects::ingress(ns, name, {name + u'.' + ns + u".test"_s},
                                                  SeedWorkload::address(namespaceIndex, 7)));
            ++m_writes;
            continue;
        }
        auto it = ingresses.begin();
        std::advance(it, m_random.bounded(int(ingresses.size())));
        const QString ns = it->second->namespaceName;
        const QString name = it->second->name;
        if (roll == 1) {
            m_cluster->remove(ResourceKind::Ingress, ns, name);
        } else {
            QJsonObject object = *m_cluster->object(ResourceKind::Ingress, ns, name);
            const QString ip =
                u"172.18.%1.%2"_s.arg(m_random.bounded(250)).arg(1 + m_random.bounded(250));
            const QJsonObject entry{{u"ip"_s, ip}};
            object.insert(u"status", QJsonObject{{u"loadBalancer"_s,
                                                  QJsonObject{{u"ingress"_s, QJsonArray{entry}}}}});
            m_cluster->update(ResourceKind::Ingress, object);
        }
        ++m_writes;
    }
}
