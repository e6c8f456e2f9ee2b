#include "core/sink/threadgate.h"

ThreadGate::ThreadGate(QObject *target)
    : m_target(target)
{}

bool ThreadGate::post(std::function<void()> work)
{
    QMutexLocker lock(&m_mutex);
    if (!m_target)
        return false;
    // Queued to the target: Qt drops it if the target is deleted first.
    QMetaObject::invokeMethod(m_target, std::move(work), Qt::QueuedConnection);
    return true;
}

void ThreadGate::close()
{
    QMutexLocker lock(&m_mutex);
    m_target = nullptr;
}
