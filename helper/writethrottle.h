#pragma once

#include "helper/hostskeeper.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

// At most one write of a marker per interval, whoever asks: a caller (or a hostile cluster
// behind it) cannot make the helper rewrite the hosts file and flush the resolvers many
// times a second. A request that comes too soon waits; a newer one for the same marker
// replaces it (the latest state wins); every waiting request is answered with the outcome
// of the write that lands, after it lands. Removals (Clear, a caller that left) never wait:
// the caller runs them directly and tells the throttle with cancel().
class WriteThrottle : public QObject
{
    Q_OBJECT
public:
    using Write = std::function<HostsKeeper::Outcome()>;
    using Answer = std::function<void(const HostsKeeper::Outcome &)>;

    explicit WriteThrottle(int intervalMs = 1000, QObject *parent = nullptr);

    void submit(const QString &marker, Write write, Answer answer);
    // The marker was removed: waiting requests are dropped and answered with that outcome.
    void cancel(const QString &marker, const HostsKeeper::Outcome &outcome);
    bool isWaiting() const { return !m_waiting.isEmpty(); }

private:
    struct Waiting
    {
        Write write;
        QList<Answer> answers;
        QTimer *timer = nullptr;
    };
    void run(const QString &marker);

    int m_intervalMs;
    QHash<QString, QElapsedTimer> m_lastWrite;
    QHash<QString, Waiting> m_waiting;
};
