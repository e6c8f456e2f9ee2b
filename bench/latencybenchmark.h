#pragma once

class LiveRig;
class Report;

// Single events against a synced k8s-hosts: an Ingress added, an address changed, an Ingress
// deleted, in turn, each timed from the moment the fake server records the write (and sends
// it down the open watch) to the moment inotify reports the hosts-file write that holds it.
// Events are spaced out so that each one is alone (the scheduler's quiet-spell path), and
// every write is checked against what the file must hold.
class LatencyBenchmark
{
public:
    LatencyBenchmark(LiveRig *rig, Report *report, int eventsPerKind, int gapMs);
    void run();

private:
    LiveRig *m_rig;
    Report *m_report;
    int m_eventsPerKind;
    int m_gapMs;
};
