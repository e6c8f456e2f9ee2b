#include "core/mapping/syncscheduler.h"

#include <algorithm>

SyncScheduler::SyncScheduler(QObject *parent)
    : SyncScheduler(Timing{}, parent)
{}

SyncScheduler::SyncScheduler(Timing timing, QObject *parent)
    : QObject(parent)
    , m_timing(timing)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SyncScheduler::flush);
}

void SyncScheduler::adopt(const HostEntries &held)
{
    if (!m_written && !m_inFlight)
        m_written = held;
}

void SyncScheduler::setDesired(const HostEntries &entries)
{
    m_desired = entries;
    if (m_inFlight || m_retryMs > 0 || m_stalled)
        return; // the end of the write (or the retry timer, or retryNow()) picks it up
    if (m_written && *m_written == m_desired) {
        m_timer.stop();
        return;
    }
    if (m_timer.isActive())
        return; // already coming: this change joins it
    const int sinceWrite = m_sinceWrite.isValid()
                               ? int(std::min<qint64>(m_sinceWrite.elapsed(), 1 << 30))
                               : m_timing.minIntervalMs;
    schedule(std::max(m_timing.firstDelayMs, m_timing.minIntervalMs - sinceWrite));
}

void SyncScheduler::schedule(int delayMs)
{
    m_timer.start(std::max(0, delayMs));
}

void SyncScheduler::flush()
{
    if (m_written && *m_written == m_desired) {
        m_retryMs = 0;
        return;
    }
    m_inFlight = true;
    m_requested = m_desired;
    m_sinceWrite.start();
    ++m_writes;
    Q_EMIT writeRequested(m_requested);
}

void SyncScheduler::writeFinished(bool ok, const QString &error, bool permanent)
{
    if (!m_inFlight)
        return;
    m_inFlight = false;
    if (!ok) {
        ++m_failures;
        if (permanent) {
            m_stalled = true;
            m_retryMs = 0;
            Q_EMIT writeFailed(error, -1, m_failures);
            return;
        }
        m_retryMs =
            m_retryMs == 0 ? m_timing.retryMinMs : std::min(m_retryMs * 2, m_timing.retryMaxMs);
        Q_EMIT writeFailed(error, m_retryMs, m_failures);
        schedule(m_retryMs);
        return;
    }
    m_retryMs = 0;
    m_failures = 0;
    m_written = m_requested;
    Q_EMIT synced(m_requested);
    if (m_desired != m_requested)
        schedule(m_timing.minIntervalMs);
}

void SyncScheduler::retryNow()
{
    m_stalled = false;
    m_retryMs = 0;
    if (!m_inFlight)
        schedule(0);
}

void SyncScheduler::blockCleared()
{
    m_written = HostEntries{};
}
