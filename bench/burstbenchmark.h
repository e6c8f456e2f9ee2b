#pragma once

class LiveRig;
class Report;

// A burst against a synced k8s-hosts: N address changes of distinct Ingresses spread evenly
// over a span (5,000 in one second by default), then: how many times the hosts file was
// written (the scheduler's coalescing), and how long until it held the final state, from the
// first change and from the last.
class BurstBenchmark
{
public:
    BurstBenchmark(LiveRig *rig, Report *report, int changes, int spanMs);
    void run();

private:
    LiveRig *m_rig;
    Report *m_report;
    int m_changes;
    int m_spanMs;
};
