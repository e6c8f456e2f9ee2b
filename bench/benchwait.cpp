#include "bench/benchwait.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <chrono>

bool BenchWait::until(const std::function<bool()> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs, Qt::PreciseTimer);
    QEventLoop loop;
    QTimer wake; // guarantees a wake-up at the deadline when nothing else happens
    wake.setSingleShot(true);
    wake.setTimerType(Qt::PreciseTimer);
    while (!done()) {
        if (deadline.hasExpired())
            return done();
        wake.start(int(std::max<qint64>(1, deadline.remainingTime())));
        loop.processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

void BenchWait::idle(int ms)
{
    until([] { return false; }, ms);
}

double BenchWait::nowMs()
{
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    return std::chrono::duration<double, std::milli>(now).count();
}
