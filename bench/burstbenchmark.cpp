#include "bench/burstbenchmark.h"

#include "bench/benchwait.h"
#include "bench/liverig.h"
#include "bench/report.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

BurstBenchmark::BurstBenchmark(LiveRig *rig, Report *report, int changes, int spanMs)
    : m_rig(rig)
    , m_report(report)
    , m_changes(changes)
    , m_spanMs(spanMs)
{}

void BurstBenchmark::run()
{
    BenchWorkload &workload = m_rig->workload();
    HostsFileWatcher &watcher = m_rig->watcher();
    m_report->section(QStringLiteral("Burst: %1 address changes in %2 ms with %3 Ingresses synced")
                          .arg(m_changes)
                          .arg(m_spanMs)
                          .arg(workload.size()));
    BenchWait::idle(300); // nothing pending from before
    const int writesBefore = watcher.writes();
    int made = 0;
    double lastChange = 0;
    const double first = BenchWait::nowMs();
    // Every 5 ms, catch up with the even schedule: changes are due in proportion to time.
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const double elapsed = BenchWait::nowMs() - first;
        const int due = std::min(m_changes, int(std::ceil(elapsed / m_spanMs * m_changes)));
        if (made == due)
            return;
        for (; made < due; ++made)
            workload.changeAddress(made);
        lastChange = BenchWait::nowMs();
        if (made == m_changes)
            tick.stop();
    });
    workload.changeAddress(made++);
    lastChange = first;
    tick.start(5);
    int checkedWrites = writesBefore;
    const bool final = BenchWait::until(
        [&] {
            if (made < m_changes || watcher.writes() == checkedWrites)
                return false;
            checkedWrites = watcher.writes();
            return m_rig->fileHoldsExpected();
        },
        m_spanMs + 60000);
    if (!final) {
        m_report->problem(QStringLiteral("the hosts file did not reach the burst's final state "
                                         "within a minute (%1 of %2 changes made)")
                              .arg(made)
                              .arg(m_changes));
        return;
    }
    const double finalAt = watcher.lastWriteMs();
    const int writes = watcher.writes() - writesBefore;
    BenchWait::idle(500); // anything written after the final state would be a wasted write
    m_report->figure(u"burst/changes"_qs, m_changes, u""_qs,
                     QStringLiteral("made over %1 ms").arg(lastChange - first, 0, 'f', 0));
    m_report->figure(u"burst/writes"_qs, writes, u"writes"_qs, QStringLiteral("until final"));
    m_report->figure(u"burst/writes-after-final"_qs, watcher.writes() - writesBefore - writes,
                     u"writes"_qs);
    m_report->figure(u"burst/final-after-first-change"_qs, finalAt - first, u"ms"_qs);
    m_report->figure(u"burst/final-after-last-change"_qs, finalAt - lastChange, u"ms"_qs);
}
