#pragma once

#include "core/hosts/hostentry.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <optional>

// Turns a stream of desired states into few writes: the first change after a quiet spell
// is written after a short delay (so one event's burst of updates lands together), then
// writes are spaced at least minInterval apart while changes keep coming. An unchanged
// state is never written — nor one equal to what the target held at start (adopt()) — a
// failed write is retried with backoff, one that retrying cannot mend waits for retryNow(),
// and when nothing changes no timer runs at all.
class SyncScheduler : public QObject
{
    Q_OBJECT
public:
    struct Timing
    {
        int firstDelayMs = 10;
        int minIntervalMs = 100;
        int retryMinMs = 1000;
        int retryMaxMs = 30000;
    };

    explicit SyncScheduler(QObject *parent = nullptr);
    SyncScheduler(Timing timing, QObject *parent = nullptr);

    // What the target holds before our first write: a desired state equal to it is not
    // written.
    void adopt(const HostEntries &held);
    void setDesired(const HostEntries &entries);
    // The sink reports how the write requested last went. A permanent failure is not
    // retried until retryNow().
    void writeFinished(bool ok, const QString &error = {}, bool permanent = false);
    // Try again now: after a permanent failure, or to cut a backoff short.
    void retryNow();
    // The block was removed outside a write ("Remove all entries now"): the next desired
    // state is written even if it equals the last one written.
    void blockCleared();

    bool isIdle() const { return !m_inFlight && !m_timer.isActive(); }
    bool isStalled() const { return m_stalled; } // a permanent failure waits for retryNow()
    bool isPending() const { return m_inFlight || m_timer.isActive() || m_stalled; }
    std::optional<HostEntries> written() const { return m_written; }
    int writeCount() const { return m_writes; }

Q_SIGNALS:
    void writeRequested(const HostEntries &entries);
    void synced(const HostEntries &entries);
    // retryInMs < 0: permanent, not retried by itself. attempt counts failures in a row.
    void writeFailed(const QString &error, int retryInMs, int attempt);

private:
    void schedule(int delayMs);
    void flush();

    Timing m_timing;
    QTimer m_timer;
    QElapsedTimer m_sinceWrite;
    HostEntries m_desired;
    HostEntries m_requested;
    std::optional<HostEntries> m_written;
    bool m_inFlight = false;
    int m_retryMs = 0;
    int m_failures = 0;
    bool m_stalled = false;
    int m_writes = 0;
};
