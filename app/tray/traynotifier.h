#pragma once

#include "app/tray/traypreferences.h"
#include "core/hosts/hostentry.h"

#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <QTimer>

#include <functional>

class SyncStatus;

// What the tray says unasked, and when. Problems by default — a host the hosts file stops
// holding, a context that fails, the helper gone; hosts added or moved only when the user
// asks for them too. Never while the tray menu or the window is open (they show it already),
// and at most one balloon per gap, so a busy cluster gives one summary, not a stream.
class TrayNotifier : public QObject
{
    Q_OBJECT
public:
    explicit TrayNotifier(SyncStatus *status, QObject *parent = nullptr);

    void setLevel(NotificationLevel level);
    NotificationLevel level() const { return m_level; }
    // True while the user is looking already (the menu or the window is open).
    void setQuiet(std::function<bool()> quiet) { m_quiet = std::move(quiet); }
    void setGap(int ms) { m_gapMs = ms; }

Q_SIGNALS:
    void notify(const QString &title, const QString &message, bool problem);

private:
    void onHostsChanged(const HostEntries &added, const HostEntries &moved);
    void onHostsStopped(const QStringList &hosts);
    void onProblems(const QStringList &problems);
    void schedule();
    void showPending();
    void showChanges();

    NotificationLevel m_level = NotificationLevel::Problems;
    std::function<bool()> m_quiet;
    int m_gapMs = 10000;
    QMap<QString, HostEntry> m_added; // by host, so the balloon lists them sorted
    QMap<QString, HostEntry> m_moved;
    QStringList m_stopped;
    QStringList m_problems;
    QTimer m_later;
    QElapsedTimer m_sinceShown;
};
