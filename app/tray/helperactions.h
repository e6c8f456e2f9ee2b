#pragma once

#include "core/install/helpercontrol.h"

#include <QHash>
#include <QObject>

class QAction;

// The macOS helper's state and actions as QActions the tray menu and the window share: a
// status line (its tooltip the sentence with the fix) and Install helper…, Open Login
// Items…, Update helper, Remove helper, Check again — each shown only when it fits, all
// disabled while one runs. Updated in place, so an open menu never moves under the pointer.
class HelperActions : public QObject
{
    Q_OBJECT
public:
    explicit HelperActions(HelperControl *control, QObject *parent = nullptr);

    QAction *statusAction() const { return m_status; }
    QList<QAction *> actions() const; // in the order of HelperControl::Action
    QAction *action(HelperControl::Action action) const { return m_actions.value(action); }
    // The most useful action now, or null.
    QAction *primary() const;
    HelperControl *control() const { return m_control; }

private:
    void update();

    HelperControl *m_control;
    QAction *m_status;
    QHash<HelperControl::Action, QAction *> m_actions;
};
