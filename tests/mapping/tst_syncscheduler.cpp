#include "core/mapping/syncscheduler.h"

#include <QSignalSpy>
#include <QTest>

namespace {

HostEntries state(int n)
{
    return {{u"10.0.0.1"_qs, u"h%1.local"_qs.arg(n), {}}};
}

} // namespace

class TestSyncScheduler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesFirstChangeQuickly();
    void coalescesBurstIntoFewWrites();
    void skipsUnchangedState();
    void retriesFailedWritesWithBackoff();
    void idleHasNoTimer();
};

void TestSyncScheduler::writesFirstChangeQuickly()
{
    SyncScheduler s;
    QSignalSpy requested(&s, &SyncScheduler::writeRequested);
    s.setDesired(state(1));
    QVERIFY(requested.wait(1000));
    QCOMPARE(requested.first().first().value<HostEntries>(), state(1));
}

void TestSyncScheduler::coalescesBurstIntoFewWrites()
{
    SyncScheduler s(SyncScheduler::Timing{10, 100, 1000, 30000});
    QList<HostEntries> written;
    connect(&s, &SyncScheduler::writeRequested, &s, [&](const HostEntries &e) {
        written.append(e);
        QTimer::singleShot(5, &s, [&s] { s.writeFinished(true); }); // a write takes a moment
    });
    // 5,000 changes spread over about half a second of event-loop time.
    for (int i = 0; i < 5000; ++i) {
        s.setDesired(state(i));
        if (i % 500 == 0)
            QTest::qWait(50);
    }
    QTRY_VERIFY_WITH_TIMEOUT(s.isIdle() && s.written() == state(4999), 5000);
    QVERIFY2(written.size() <= 12, qPrintable(QString::number(written.size())));
    QCOMPARE(written.last(), state(4999));
}

void TestSyncScheduler::skipsUnchangedState()
{
    SyncScheduler s;
    QSignalSpy requested(&s, &SyncScheduler::writeRequested);
    connect(&s, &SyncScheduler::writeRequested, &s, [&s] { s.writeFinished(true); });
    s.setDesired(state(1));
    QVERIFY(requested.wait(1000));
    s.setDesired(state(2));
    s.setDesired(state(1)); // back where we were before the timer fired
    QVERIFY(s.isIdle());
    QVERIFY(!requested.wait(300));
    QCOMPARE(requested.size(), 1);
}

void TestSyncScheduler::retriesFailedWritesWithBackoff()
{
    SyncScheduler s(SyncScheduler::Timing{1, 1, 20, 80});
    QSignalSpy failed(&s, &SyncScheduler::writeFailed);
    int attempts = 0;
    connect(&s, &SyncScheduler::writeRequested, &s, [&] {
        ++attempts;
        s.writeFinished(attempts > 3, u"disk full"_qs);
    });
    s.setDesired(state(1));
    QTRY_COMPARE_WITH_TIMEOUT(s.written(), std::optional<HostEntries>(state(1)), 5000);
    QCOMPARE(attempts, 4);
    QCOMPARE(failed.size(), 3);
    QCOMPARE(failed.at(0).at(1).toInt(), 20);
    QCOMPARE(failed.at(1).at(1).toInt(), 40);
    QCOMPARE(failed.at(2).at(1).toInt(), 80);
}

void TestSyncScheduler::idleHasNoTimer()
{
    SyncScheduler s;
    connect(&s, &SyncScheduler::writeRequested, &s, [&s] { s.writeFinished(true); });
    s.setDesired(state(1));
    QTRY_VERIFY(s.isIdle() && s.written());
}

QTEST_GUILESS_MAIN(TestSyncScheduler)
#include "tst_syncscheduler.moc"
