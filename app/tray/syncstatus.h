#pragma once

#include "core/hosts/hostentry.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

class ContextConnection;
class Workspace;

// The layer between the core and the tray: turns the engine's, the sessions' and the
// connections' low-level signals into what a person wants to know — one overall state for
// the icon, a summary for the tooltip, the problems as sentences, the last write — and
// into "hosts added / changed" events for notifications. Views only draw what this says.
class SyncStatus : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Idle,    // no context enabled
        Syncing, // connecting, listing or writing
        Synced,
        Attention, // in sync, but some hosts are not written (shadowed, blocked, a conflict…)
        Error,
        Paused
    };
    Q_ENUM(State)

    explicit SyncStatus(Workspace *workspace, QObject *parent = nullptr);

    State state() const { return m_state; }
    QString stateText() const;
    QString summary() const { return m_summary; } // "2 clusters · 14 hosts"
    QStringList problems() const { return m_problems; }
    // The same, with what each is about, so a view can offer the way out.
    struct Problem
    {
        enum class About
        {
            Kubeconfig,
            Context,   // subject: the context's name
            Publisher, // subject: the publisher's name
        };
        About about = About::Context;
        QString subject;
        QString text;
        friend bool operator==(const Problem &, const Problem &) = default;
    };
    QList<Problem> problemDetails() const { return m_problemDetails; }
    // What the hosts file holds of ours, as its publisher last reported (or as found at start).
    QDateTime lastWrite() const { return m_lastWrite; }
    HostEntries written() const { return m_written; }
    bool hasWritten() const { return m_lastWrite.isValid(); }
    int notWritten() const { return m_notWritten; } // hosts the clusters serve that are not in it
    QString tooltip() const;
    // Something changed that has no signal of its own (pausing): look again.
    void refresh() { schedule(); }

Q_SIGNALS:
    void changed();
    // A write added hosts or pointed hosts elsewhere (not the first write of a run).
    void hostsChanged(const HostEntries &added, const HostEntries &moved);
    // Hosts the hosts file held and holds no more though the clusters still serve them
    // (refused, shadowed, a conflict…); and problems that were not there a moment ago. Only
    // after the first full sync, never while paused.
    void hostsStopped(const QStringList &hosts);
    void problemsAppeared(const QStringList &problems);

private:
    void schedule();
    void update();
    void rebind();
    struct Problems
    {
        QStringList texts;
        QHash<QString, QString> about; // "context kind-dev" → its sentence
        QList<Problem> details;
    };
    Problems currentProblems(bool *busy) const;
    QStringList otherPublishers() const;
    void announce(const QSet<QString> &wasWritten, const QSet<QString> &notWritten,
                  const QHash<QString, QString> &problems);
    QSet<QString> notWrittenHosts() const;
    void onPublished(const HostEntries &before, const HostEntries &after);

    Workspace *m_workspace;
    QTimer m_update; // coalesces bursts of signals into one update
    QList<QPointer<ContextConnection>> m_bound;
    State m_state = State::Idle;
    QString m_summary;
    QStringList m_problems;
    QList<Problem> m_problemDetails;
    QDateTime m_lastWrite;
    QDateTime m_shownWrite;
    HostEntries m_written;
    int m_notWritten = 0;
    QSet<QString> m_notWrittenHosts;
    QSet<QString> m_problemsAbout; // what the problems shown are about (context …, publisher …)
    bool m_settledOnce = false;
    // Writes until every cluster has listed, after a clear and after the user's own changes
    // are not news.
    bool m_baseline = false;
};
