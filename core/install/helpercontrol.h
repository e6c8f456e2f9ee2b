#pragma once

#include "core/install/helperinstaller.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>

// What the app offers about the macOS helper, decided in plain C++ over a HelperInstaller so
// Linux tests every state and transition with a fake one: a status line, the action that
// fits the state (Install helper…, Open Login Items…, Update helper, Remove helper, Check
// again), busy while an operation runs, and the order that keeps the hosts file clean: our
// block goes before the helper that could remove it. While approval is pending, it looks
// again now and then, and it says when the helper became usable so failed writes go again.
class HelperControl : public QObject
{
    Q_OBJECT

public:
    enum class Action
    {
        Install,
        OpenLoginItems,
        Update,
        Remove,
        CheckAgain,
    };

    // Removes our block while the helper is still there; calls done(ok, error) once.
    using WithdrawBlock = std::function<void(std::function<void(bool, const QString &)> done)>;

    HelperControl(HelperInstaller *installer, WithdrawBlock withdraw, QObject *parent = nullptr);

    void start(); // asks the installer once; changed() follows
    void trigger(Action action);

    HelperStatus status() const { return m_installer->status(); }
    bool isBusy() const { return m_busy; }
    QString statusText() const;    // "Helper: …", for a status bar or a menu line
    QString detail() const;        // the sentence with the fix, or empty
    QList<Action> actions() const; // what fits now, the most useful first
    static QString label(Action action);

    int approvalPollMs = 3000;

Q_SIGNALS:
    void changed();
    void becameReady(); // installed, approved or updated: writes that failed may go now

private:
    void onStatus(const HelperStatus &status);
    void remove();
    void begin();

    HelperInstaller *m_installer;
    WithdrawBlock m_withdraw;
    QTimer m_poll;
    QString m_error; // our own failure (the block could not be removed first)
    bool m_busy = false;
    bool m_wasReady = false;
};
