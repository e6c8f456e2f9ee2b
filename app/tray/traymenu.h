#pragma once

#include <QMap>
#include <QMenu>

class ContextChoices;
class ContextMenu;
class HelperActions;
class SyncStatus;

// The tray icon's menu: a status line (and the first problem), one submenu per context,
// the live hosts (click opens http://host, with Shift, Ctrl or Alt it copies the name),
// then Pause syncing, Remove all entries now, Open K8s Hosts…, Preferences… and Quit.
class TrayMenu : public QMenu
{
    Q_OBJECT
public:
    static constexpr int maxHosts = 15;
    // How many hosts the menu lists: maxHosts, or fewer where the screen is too short for
    // them and the rest of the menu (a menu taller than the screen splits into columns).
    int hostCapacity() const;

    TrayMenu(ContextChoices *choices, SyncStatus *status, QWidget *parent = nullptr);

    ContextMenu *contextMenu(const QString &context) const { return m_contexts.value(context); }
    QStringList contextNames() const { return m_contexts.keys(); }
    QList<QAction *> hostActions() const;
    QAction *statusAction() const { return m_status; }
    QAction *pauseAction() const { return m_pause; }
    QAction *removeAllAction() const { return m_removeAll; }
    QAction *openAction() const { return m_open; }
    QAction *quitAction() const { return m_quit; }

    // The helper's state and the action that fits it (macOS), above Pause syncing.
    void addHelperActions(HelperActions *helper);

    // A click on a host: open it in the browser, or copy the name when a modifier is held.
    static void activateHost(const QString &host, Qt::KeyboardModifiers modifiers);

Q_SIGNALS:
    void openWindowRequested();
    // "… — show all…": the window with every host, or only the problems when those are
    // what the menu could not list.
    void showAllRequested(bool problemsOnly);
    void preferencesRequested();
    void pauseToggled(bool paused);
    void removeAllRequested();
    void quitRequested();

private:
    bool deferWhileOpen();
    void applyDeferred();
    void refresh();
    void syncContexts();
    void syncHosts();

    ContextChoices *m_choices;
    SyncStatus *m_syncStatus;
    QAction *m_status;
    QAction *m_problem;
    QAction *m_contextsSection;
    QAction *m_noContexts;
    QMap<QString, ContextMenu *> m_contexts;
    QAction *m_hostsSection;
    QList<QAction *> m_hosts;
    bool m_moreAreProblems = false;
    bool m_deferred = false; // a change waits for the menu to close
    QAction *m_moreHosts;
    QAction *m_noHosts;
    QAction *m_actionsSeparator;
    QAction *m_pause;
    QAction *m_removeAll;
    QAction *m_open;
    QAction *m_quit;
};
