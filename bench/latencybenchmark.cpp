#include "bench/latencybenchmark.h"

#include "bench/benchwait.h"
#include "bench/liverig.h"
#include "bench/processstats.h"
#include "bench/report.h"
#include "bench/samples.h"

namespace {

enum class Kind
{
    Add,
    Change,
    Delete
};

constexpr int eventTimeoutMs = 10000;

} // namespace

LatencyBenchmark::LatencyBenchmark(LiveRig *rig, Report *report, int eventsPerKind, int gapMs)
    : m_rig(rig)
    , m_report(report)
    , m_eventsPerKind(eventsPerKind)
    , m_gapMs(gapMs)
{}

void LatencyBenchmark::run()
{
    BenchWorkload &workload = m_rig->workload();
    HostsFileWatcher &watcher = m_rig->watcher();
    m_report->section(QStringLiteral("Single-event latency with %1 Ingresses synced: server "
                                     "write to hosts-file write (%2 events, %3 ms apart)")
                          .arg(workload.size())
                          .arg(3 * m_eventsPerKind)
                          .arg(m_gapMs));
    Samples all, added, changed, deleted, writesPerEvent;
    BenchWait::idle(m_gapMs);
    const ProcessStats before = ProcessStats::of(m_rig->process().pid());
    for (int i = 0; i < 3 * m_eventsPerKind; ++i) {
        const auto kind = Kind(i % 3);
        const int writesBefore = watcher.writes();
        const double sent = BenchWait::nowMs();
        QString host;
        switch (kind) {
        case Kind::Add:
            host = workload.addOne();
            break;
        case Kind::Change:
            host = workload.changeAddress(i * 7919);
            break;
        case Kind::Delete:
            host = workload.removeOne();
            break;
        }
        const QString want = workload.expected().value(host); // empty: must be gone
        int checkedWrites = writesBefore;
        const bool seen = BenchWait::until(
            [&] {
                if (watcher.writes() == checkedWrites)
                    return false;
                checkedWrites = watcher.writes();
                return watcher.block().value(host) == want;
            },
            eventTimeoutMs);
        if (!seen) {
            m_report->problem(QStringLiteral("event %1 (%2) did not reach the hosts file within "
                                             "%3 s")
                                  .arg(i)
                                  .arg(host)
                                  .arg(eventTimeoutMs / 1000));
            return;
        }
        const double latency = watcher.lastWriteMs() - sent;
        all.add(latency);
        (kind == Kind::Add ? added : kind == Kind::Change ? changed : deleted).add(latency);
        BenchWait::idle(m_gapMs); // quiet, so the next event is alone again
        writesPerEvent.add(watcher.writes() - writesBefore);
    }
    const ProcessStats after = ProcessStats::of(m_rig->process().pid());
    if (!m_rig->fileHoldsExpected())
        m_report->problem(QStringLiteral("after the events the hosts file differs from the "
                                         "cluster"));
    m_report->figure(u"latency/all/p50"_qs, all.median(), u"ms"_qs);
    m_report->figure(u"latency/all/p99"_qs, all.percentile(99), u"ms"_qs,
                     QStringLiteral("over %1 events").arg(all.count()));
    m_report->figure(u"latency/all/max"_qs, all.max(), u"ms"_qs);
    m_report->figure(u"latency/add/p50"_qs, added.median(), u"ms"_qs);
    m_report->figure(u"latency/add/p99"_qs, added.percentile(99), u"ms"_qs);
    m_report->figure(u"latency/address-change/p50"_qs, changed.median(), u"ms"_qs);
    m_report->figure(u"latency/address-change/p99"_qs, changed.percentile(99), u"ms"_qs);
    m_report->figure(u"latency/delete/p50"_qs, deleted.median(), u"ms"_qs);
    m_report->figure(u"latency/delete/p99"_qs, deleted.percentile(99), u"ms"_qs);
    m_report->figure(u"latency/cpu-per-event"_qs,
                     (after.cpuSeconds - before.cpuSeconds) * 1000 / double(all.count()), u"ms"_qs,
                     QStringLiteral("k8s-hosts' CPU time over the events; unlike the latency, "
                                    "other work on the machine does not change it"));
    m_report->figure(u"latency/writes-per-event"_qs, writesPerEvent.mean(), u"writes"_qs,
                     QStringLiteral("1 means no extra write"));
}
