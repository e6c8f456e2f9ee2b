#pragma once

#include "core/mapping/syncscheduler.h"
#include "core/sync/publisherstate.h"

#include <QObject>

class Publisher;
struct PublishResult;

// Keeps one publisher equal to the engine's desired entries: starts from what its target
// already holds (so a restart with nothing changed writes nothing), coalesces and retries
// writes (SyncScheduler), and keeps the publisher's answers as its PublisherState.
class PublishChannel : public QObject
{
    Q_OBJECT

public:
    // Takes ownership of the publisher and reads what its target holds.
    PublishChannel(Publisher *publisher, SyncScheduler::Timing timing, QObject *parent = nullptr);

    Publisher *publisher() const { return m_publisher; }
    const PublisherState &state() const { return m_state; }

    void setDesired(const HostEntries &entries);
    HostEntries desired() const { return m_desired; }
    // Paused: nothing is written; resuming writes the desired entries.
    void setPaused(bool paused);
    // Removes our entries now; answered by withdrawn(). They stay removed until setPaused(false).
    void withdraw();
    // After a permanent failure the user fixed something: try again.
    void retryNow();
    // The publisher holds what was last asked, and nothing is under way.
    bool isInSync() const;

Q_SIGNALS:
    void stateChanged();
    // A write landed: the target held before, and holds after (the engine logs the difference).
    void published(const HostEntries &before, const HostEntries &after);
    // retryInMs < 0: permanent, not retried by itself.
    void failed(const QString &error, int retryInMs, int attempt);
    void withdrawn(bool ok, const QString &error);

private:
    void onFinished(const PublishResult &result);
    void onLostOutside(const QString &why);
    void updatePending();

    Publisher *m_publisher;
    SyncScheduler m_scheduler;
    PublisherState m_state;
    HostEntries m_desired;
    bool m_withdrawing = false;
};
