#pragma once

#include "core/mapping/desiredhosts.h"
#include "core/mapping/mappingsource.h"
#include "core/mapping/syncscheduler.h"
#include "core/sync/contextsession.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class NameCache;
class PublishChannel;
class Publisher;

// Every enabled context merged into one set of names: collects the sessions' mappings (and
// those of other MappingSources, such as ExternalDNS's webhook, each one more context),
// resolves load balancers' names, applies the name policy and the conflict rule
// (DesiredHosts), and hands the result to every publisher (one PublishChannel each). What
// the publishers answer — their PublisherState — is what views, logs and exit codes show.
//
// Nothing good is ever lost on the way: each publisher starts from what its target holds,
// and the lines of a context that has not listed yet (starting up, reconnecting, down) stay
// as the target holds them; before every context has listed once, so do the lines of
// contexts no longer enabled. A run that never lists therefore writes nothing.
// The headless runner and the tray app both drive this; they differ only in the view.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString marker;
        QString hostsFile; // whose other lines shadow our names; empty: none
        NamePolicy policy;
        SyncScheduler::Timing timing;
    };

    // Takes ownership of the publishers; the first is the primary one (the hosts file).
    SyncEngine(const QList<Publisher *> &publishers, Options options, QObject *parent = nullptr);
    ~SyncEngine() override;

    void addSession(ContextSession *session, const QString &addressOverride = {});
    void removeSession(ContextSession *session);
    void setAddressOverride(ContextSession *session, const QString &address);
    void setPolicy(const NamePolicy &policy);
    QList<ContextSession *> sessions() const;
    // Names from elsewhere (ExternalDNS's webhook), merged as one more context each: its
    // lines are kept while it has not listed, like a session's. The engine does not own it.
    void addSource(MappingSource *source);
    void removeSource(MappingSource *source);
    QList<MappingSource *> sources() const;

    // Paused: nothing is written; resuming writes the current state.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    // Removes our entries from every publisher now (quitting, "Remove all entries now");
    // answered by withdrawn().
    void withdrawAll();
    // Writes again now what failed for good before (the user fixed something).
    void retryNow();

    // Another publisher while running (Preferences): it starts from what its target holds
    // and receives the desired entries. The engine owns it and its channel.
    PublishChannel *addPublisher(Publisher *publisher);
    // Takes a publisher away: it leaves channels() now, our entries are withdrawn from its
    // target (the log says how that went), then it is deleted. Never the primary one.
    void removePublisher(PublishChannel *channel);
    QList<PublishChannel *> channels() const { return m_channels; }
    PublishChannel *primary() const { return m_channels.value(0); }
    // What the clusters want written now (before carrying lines of contexts not listed
    // yet), and every mapping with its state (built when asked).
    HostEntries entries() const;
    HostMappings mappings() const;
    const Options &options() const { return m_options; }
    // Every context has listed once since start.
    bool hasFullySynced() const { return m_fullSyncDone; }
    // Every session has listed once and every publisher holds what that produced.
    bool isSettled() const;
    QStringList notReady() const;

Q_SIGNALS:
    void mappingsChanged();   // mappings() changed
    void publishersChanged(); // a PublisherState changed
    void published(PublishChannel *channel, const HostEntries &before, const HostEntries &after);
    void publishFailed(PublishChannel *channel, const QString &error, int retryInMs, int attempt);
    void settled();
    void withdrawn(bool ok, const QString &error);

private:
    PublishChannel *attach(Publisher *publisher);
    void scheduleRecompute();
    void scheduleRebuild(); // the validator, names outside the block or resolutions changed
    void onMappingsChanged(ContextSession *session, const ContextSession::MappingChanges &changes);
    void recompute();
    bool allListed() const; // every session and source has listed once (and there is one)
    void rebuild(OutsideNames outside);
    HostEntries desiredFor(const PublishChannel &channel) const;
    void onPublished(PublishChannel *channel, const HostEntries &before, const HostEntries &after);
    void onWithdrawn(bool ok, const QString &error);
    void warnAboutOtherBlocks();
    void checkSettled();

    Options m_options;
    NameCache *m_names;
    QList<PublishChannel *> m_channels;
    QList<QPointer<ContextSession>> m_sessions;
    QHash<ContextSession *, QString> m_overrides;
    QList<QPointer<MappingSource>> m_sources;
    QTimer m_recompute;
    std::optional<DesiredHosts> m_table;
    OutsideNames m_outside;
    bool m_rebuild = true;
    bool m_paused = false;
    bool m_fullSyncDone = false;
    bool m_wasSettled = false;
    int m_withdrawing = 0;
    QStringList m_withdrawErrors;
    QSet<QString> m_otherBlocks; // other tools' blocks in the hosts file
    QSet<QString> m_warnedBlocks;
};
