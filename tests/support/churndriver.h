#pragma once

#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

class FakeCluster;

// Keeps a fake cluster busy for demos and benchmarks: at a steady rate it changes the
// load-balancer address of a random Ingress, and now and then deletes one and creates a
// new one. Seeded, so a run can be repeated.
class ChurnDriver : public QObject
{
    Q_OBJECT

public:
    ChurnDriver(FakeCluster *cluster, double writesPerSecond, quint32 seed,
                QObject *parent = nullptr);
    void start();
    quint64 writes() const { return m_writes; }

private:
    void tick();

    FakeCluster *m_cluster;
    QRandomGenerator m_random;
    QTimer m_timer;
    int m_writesPerTick = 1;
    quint64 m_writes = 0;
    quint64 m_created = 0;
};
