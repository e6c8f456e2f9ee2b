#pragma once

#include "bench/benchoptions.h"
#include "bench/timedcommand.h"

class Report;

// Initial sync at several sizes: `k8s-hosts --no-gui --once` (start to exit, which is after
// the hosts file holds every entry) next to `kubectl get ingress -A -o json --chunk-size=500`
// against the same fake API server in the same run, alternating, the median of several runs.
// Every run is checked: the file holds exactly the expected entries, kubectl printed every
// Ingress.
class SyncBenchmark
{
public:
    SyncBenchmark(const BenchOptions &options, Report *report);
    void run();

private:
    struct Size
    {
        int ingresses;
        int namespaces;
    };
    void runSize(const Size &size);

    const BenchOptions &m_options;
    Report *m_report;
};
