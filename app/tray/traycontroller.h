#pragma once

#include "app/tray/statusicons.h"
#include "app/tray/traypreferences.h"

#include <QObject>

#include <functional>
#include <memory>

class ContextChoices;
class QSystemTrayIcon;
class SyncStatus;
class TrayMenu;
class TrayNotifier;

// The icon in the tray or menu bar: its picture follows the sync state and the panel's
// colours, its tooltip is the summary, its menu is TrayMenu, and it shows the balloons
// TrayNotifier decides on (problems; changes when asked; never while the menu is open).
class TrayController : public QObject
{
    Q_OBJECT
public:
    TrayController(ContextChoices *choices, SyncStatus *status, QObject *parent = nullptr);
    ~TrayController() override;

    void show();
    void setNotificationLevel(NotificationLevel level);
    // Also quiet while this says so (the window is open).
    void setWindowShown(std::function<bool()> shown) { m_windowShown = std::move(shown); }
    TrayNotifier *notifier() const { return m_notifier; }
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
    void showBalloon(const QString &title, const QString &message, bool problem);

    SyncStatus *m_status;
    std::unique_ptr<TrayMenu> m_menu; // a tray menu has no parent widget
    QSystemTrayIcon *m_icon;
    StatusIcons::Badge m_badge = StatusIcons::Badge::None;
    StatusIcons::Variant m_variant = StatusIcons::Variant::ForLightPanel;
    bool m_iconSet = false;
    TrayNotifier *m_notifier;
    std::function<bool()> m_windowShown;
};
