#pragma once

#include "app/tray/statusicons.h"
#include "core/hosts/hostentry.h"

#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <QTimer>

#include <memory>

class ContextChoices;
class QSystemTrayIcon;
class SyncStatus;
class TrayMenu;

// The icon in the tray or menu bar: its picture follows the sync state and the panel's
// colours, its tooltip is the summary, its menu is TrayMenu, and it shows a notification
// when hosts are added or move (if the user wants them).
class TrayController : public QObject
{
    Q_OBJECT
public:
    TrayController(ContextChoices *choices, SyncStatus *status, QObject *parent = nullptr);
    ~TrayController() override;

    void show();
    void setNotificationsEnabled(bool on) { m_notifications = on; }
    QSystemTrayIcon *icon() const { return m_icon; }
    TrayMenu *menu() const { return m_menu.get(); }
    StatusIcons::Badge badge() const { return m_badge; }
    StatusIcons::Variant variant() const { return m_variant; }

Q_SIGNALS:
    void activated(); // a plain click on the icon (Linux, Windows): show the window
    void notified(const QString &title, const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void update();
    void notify(const HostEntries &added, const HostEntries &moved);
    void showPending();

    static constexpr qint64 notifyGapMs = 10000;

    SyncStatus *m_status;
    std::unique_ptr<TrayMenu> m_menu; // a tray menu has no parent widget
    QSystemTrayIcon *m_icon;
    StatusIcons::Badge m_badge = StatusIcons::Badge::None;
    StatusIcons::Variant m_variant = StatusIcons::Variant::ForLightPanel;
    bool m_iconSet = false;
    bool m_notifications = true;
    QMap<QString, HostEntry> m_pendingAdded; // by host, so the balloon lists them sorted
    QMap<QString, HostEntry> m_pendingMoved;
    QTimer m_notifyLater;
    QElapsedTimer m_sinceNotified;
};
