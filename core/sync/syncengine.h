#pragma once

#include "core/mapping/desiredhosts.h"
#include "core/mapping/syncscheduler.h"
#include "core/sync/contextsession.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class HostsSink;
class NameCache;
struct SinkReport;

// Every enabled context merged into our one block: collects the sessions' mappings,
// resolves load balancers' names, applies the name policy and the conflict rule
// (DesiredHosts), and hands the result to the scheduler, which writes through the sink.
// The headless runner and the tray app both drive this; they differ only in the view.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString marker;
        QString hostsFile; // read for names outside our block (shadowing)
        NamePolicy policy;
        SyncScheduler::Timing timing;
    };

    SyncEngine(HostsSink *sink, Options options, QObject *parent = nullptr);
    ~SyncEngine() override;

    void addSession(ContextSession *session, const QString &addressOverride = {});
    void removeSession(ContextSession *session);
    void setAddressOverride(ContextSession *session, const QString &address);
    void setPolicy(const NamePolicy &policy);
    QList<ContextSession *> sessions() const;

    // Paused: nothing is written; resuming writes the current state.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    // Removes our block now (quitting, "Remove all entries now"); answered by cleared().
    void clearBlock();

    // What the block should hold now, and every mapping with its state (built when asked).
    HostEntries entries() const;
    HostMappings mappings() const;
    const Options &options() const { return m_options; }
    // Every session has listed once and the block holds what that produced.
    bool isSettled() const;
    QStringList notReady() const;
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void mappingsChanged(); // current() changed
    void written(const HostEntries &entries);
    void writeFailed(const QString &error);
    void settled();
    void cleared(bool ok, const QString &error);

private:
    void scheduleRecompute();
    void scheduleRebuild(); // the validator, names outside the block or resolutions changed
    void onMappingsChanged(ContextSession *session, const ContextSession::MappingChanges &changes);
    void recompute();
    void rebuild(QSet<QString> namesOutsideBlock);
    void onSinkFinished(const SinkReport &report);
    void logChanges(const HostEntries &before, const HostEntries &after) const;
    void checkSettled();

    HostsSink *m_sink;
    Options m_options;
    NameCache *m_names;
    SyncScheduler m_scheduler;
    QList<QPointer<ContextSession>> m_sessions;
    QHash<ContextSession *, QString> m_overrides;
    QTimer m_recompute;
    std::optional<DesiredHosts> m_table;
    QSet<QString> m_namesOutsideBlock;
    bool m_rebuild = true;
    HostEntries m_lastWritten;
    QString m_lastError;
    bool m_paused = false;
    bool m_clearing = false;
    bool m_wasSettled = false;
};
