#pragma once

#include <QMutex>
#include <QObject>

#include <functional>

// Carries work from threads Qt does not own (XPC's and launchd's queues on macOS) to the
// thread of a target object, or nowhere once the gate is closed. Close it before the target
// is destroyed; after close() returns, no work runs and none is queued any more.
class ThreadGate
{
public:
    explicit ThreadGate(QObject *target);

    // Runs work later on the target's thread; false (and nothing runs) when closed.
    bool post(std::function<void()> work);
    void close();

private:
    QMutex m_mutex;
    QObject *m_target = nullptr;
};
