#include "core/sink/threadgate.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>

class TestThreadGate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workFromAForeignThreadRunsOnTheTargetsThread();
    void closedGateRunsNothing();
    void workForADeletedTargetIsDropped();
};

void TestThreadGate::workFromAForeignThreadRunsOnTheTargetsThread()
{
    QObject target;
    ThreadGate gate(&target);
    std::atomic<QThread *> ranOn{nullptr};
    std::atomic<bool> posted{false};
    // A thread Qt does not know, like XPC's queues.
    std::thread foreign([&] { posted = gate.post([&] { ranOn = QThread::currentThread(); }); });
    foreign.join();
    QVERIFY(posted);
    QCOMPARE(ranOn.load(), nullptr); // not from inside post()
    QTRY_COMPARE_WITH_TIMEOUT(ranOn.load(), QThread::currentThread(), 5000);
}

void TestThreadGate::closedGateRunsNothing()
{
    QObject target;
    ThreadGate gate(&target);
    int runs = 0;
    QVERIFY(gate.post([&] { ++runs; }));
    gate.close();
    QVERIFY(!gate.post([&] { ++runs; }));
    QTRY_COMPARE_WITH_TIMEOUT(runs, 1, 5000); // what was queued before close() still runs
    QCOMPARE(runs, 1);
}

void TestThreadGate::workForADeletedTargetIsDropped()
{
    int runs = 0;
    auto *target = new QObject;
    ThreadGate gate(target);
    QVERIFY(gate.post([&] { ++runs; }));
    gate.close();
    delete target;
    QObject later;
    ThreadGate check(&later);
    bool flushed = false;
    QVERIFY(check.post([&] { flushed = true; }));
    QTRY_VERIFY_WITH_TIMEOUT(flushed, 5000); // events queued before this one were delivered
    QCOMPARE(runs, 0);
}

QTEST_GUILESS_MAIN(TestThreadGate)
#include "tst_threadgate.moc"
