#pragma once

#include "bench/benchoptions.h"

#include <QString>

class Report;

// What k8s-hosts costs to keep running: 10,000 Ingresses over 3 contexts (3 fake API
// servers), its peak memory and CPU time up to the first full sync, then a window with
// nothing changing (and no bookmarks: the servers stay silent) in which its CPU time and
// wake-ups are counted from /proc (context switches of every thread), by `perf stat` when
// present, and, in a second window, its system calls by `strace -c -f`.
class FootprintBenchmark
{
public:
    FootprintBenchmark(const BenchOptions &options, Report *report);
    void run();

private:
    void idleWindow(qint64 pid, int windowMs);
    void straceWindow(qint64 pid, int windowMs);

    const BenchOptions &m_options;
    Report *m_report;
};
