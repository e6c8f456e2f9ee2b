#pragma once

#include <QtGlobal>

// One look at a running process in /proc: memory (now and at its peak), CPU time, and how
// often its threads have gone to sleep and been woken (context switches, summed over every
// thread alive now). Differences between two looks give the cost of a stretch of time.
struct ProcessStats
{
    bool valid = false;
    qint64 rssKb = 0;
    qint64 peakRssKb = 0;  // VmHWM
    double cpuSeconds = 0; // user + system
    qint64 voluntarySwitches = 0;
    qint64 involuntarySwitches = 0;
    int threads = 0;

    static ProcessStats of(qint64 pid);
};
