#include "bench/benchworkload.h"

#include "tests/support/fakecluster.h"
#include "tests/support/kubeobjects.h"
#include "tests/support/seedworkload.h"

BenchWorkload::BenchWorkload(FakeCluster *cluster, QString tag)
    : m_cluster(cluster)
    , m_tag(std::move(tag))
{}

BenchWorkload::Item BenchWorkload::item(int namespaceIndex, const QString &name) const
{
    const QString ns = SeedWorkload::namespaceName(namespaceIndex);
    QString host = name + u'.' + ns;
    if (!m_tag.isEmpty())
        host += u'.' + m_tag;
    return {ns, name, host + QStringLiteral(".test")};
}

void BenchWorkload::populate(int ingresses, int namespaces)
{
    for (int i = 0; i < ingresses; ++i) {
        const QString name = QStringLiteral("ing-%1").arg(i / namespaces + 1, 5, 10, QChar(u'0'));
        const Item seeded = item(i % namespaces + 1, name);
        write(seeded, nextAddress());
        m_seeded.append(seeded);
    }
}

QString BenchWorkload::changeAddress(int index)
{
    const Item &target = m_seeded.at(index % m_seeded.size());
    write(target, nextAddress());
    return target.host;
}

QString BenchWorkload::addOne()
{
    const Item added = item(1, QStringLiteral("added-%1").arg(++m_addedCount));
    write(added, nextAddress());
    m_added.append(added);
    return added.host;
}

QString BenchWorkload::removeOne()
{
    const Item gone = !m_added.isEmpty() ? m_added.takeLast() : m_seeded.takeLast();
    m_cluster->remove(ResourceKind::Ingress, gone.ns, gone.name);
    m_expected.remove(gone.host);
    return gone.host;
}

void BenchWorkload::write(const Item &target, const QString &address)
{
    m_cluster->apply(ResourceKind::Ingress,
                     KubeObjects::ingress(target.ns, target.name, {target.host}, address));
    m_expected.insert(target.host, address);
}

// 172.16.0.0/12, never .0 or .255 in the last place: a million distinct private addresses.
QString BenchWorkload::nextAddress()
{
    const quint32 n = m_addresses++;
    return QStringLiteral("172.%1.%2.%3")
        .arg(16 + n / 62500 % 16)
        .arg(n / 250 % 250)
        .arg(n % 250 + 1);
}
