#pragma once

#include <QHash>
#include <QList>
#include <QString>

class FakeCluster;

// The Ingresses of one benchmark cluster and what the hosts file must hold for them. Seeds
// N Ingresses spread round-robin over M namespaces (ing-00001.ns-0001[.tag].test, one host
// each, private addresses), then makes single changes — a new address, a new Ingress, a
// deletion — keeping the expected host → address map in step with the fake cluster.
class BenchWorkload
{
public:
    explicit BenchWorkload(FakeCluster *cluster, QString tag = {});

    void populate(int ingresses, int namespaces);

    // Each makes one write to the cluster and returns the host it concerns.
    QString changeAddress(int index); // of the index-th seeded Ingress (modulo their number)
    QString addOne();                 // a new Ingress in the first namespace
    QString removeOne();              // the newest added one, else the last seeded one

    int size() const { return int(m_expected.size()); }
    const QHash<QString, QString> &expected() const { return m_expected; }

private:
    struct Item
    {
        QString ns;
        QString name;
        QString host;
    };

    Item item(int namespaceIndex, const QString &name) const;
    void write(const Item &item, const QString &address);
    QString nextAddress();

    FakeCluster *m_cluster;
    QString m_tag;
    QList<Item> m_seeded;
    QList<Item> m_added;
    QHash<QString, QString> m_expected;
    quint32 m_addresses = 0;
    int m_addedCount = 0;
};
