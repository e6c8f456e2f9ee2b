#include "helper/writethrottle.h"

WriteThrottle::WriteThrottle(int intervalMs, QObject *parent)
    : QObject(parent)
    , m_intervalMs(intervalMs)
{}

void WriteThrottle::submit(const QString &marker, Write write, Answer answer)
{
    const auto waiting = m_waiting.find(marker);
    if (waiting != m_waiting.end()) { // superseded: the latest state is written instead
        waiting->write = std::move(write);
        waiting->answers.append(std::move(answer));
        return;
    }
    const auto last = m_lastWrite.constFind(marker);
    const qint64 since = last == m_lastWrite.cend() ? m_intervalMs : last->elapsed();
    if (since >= m_intervalMs) {
        m_lastWrite[marker].start();
        answer(write());
        return;
    }
    Waiting next{std::move(write), {std::move(answer)}, new QTimer(this)};
    next.timer->setSingleShot(true);
    connect(next.timer, &QTimer::timeout, this, [this, marker] { run(marker); });
    next.timer->start(int(m_intervalMs - since));
    m_waiting.emplace(marker, std::move(next));
}

void WriteThrottle::run(const QString &marker)
{
    Waiting waiting = m_waiting.take(marker);
    waiting.timer->deleteLater();
    m_lastWrite[marker].start();
    const HostsKeeper::Outcome outcome = waiting.write();
    for (const Answer &answer : std::as_const(waiting.answers))
        answer(outcome);
}

void WriteThrottle::cancel(const QString &marker, const HostsKeeper::Outcome &outcome)
{
    if (!m_waiting.contains(marker))
        return;
    Waiting waiting = m_waiting.take(marker);
    waiting.timer->deleteLater();
    for (const Answer &answer : std::as_const(waiting.answers))
        answer(outcome);
}
