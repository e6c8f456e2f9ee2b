#include "app/tray/traycontroller.h"

#include "app/tray/syncstatus.h"
#include "app/tray/traymenu.h"
#include "app/tray/traynotifier.h"

#include <QCoreApplication>
#include <QEvent>
#include <QSystemTrayIcon>

TrayController::TrayController(ContextChoices *choices, SyncStatus *status, QObject *parent)
    : QObject(parent)
    , m_status(status)
    , m_menu(std::make_unique<TrayMenu>(choices, status))
    , m_icon(new QSystemTrayIcon(this))
    , m_notifier(new TrayNotifier(status, this))
{
    m_icon->setContextMenu(m_menu.get());
    connect(m_icon, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    Q_EMIT activated();
            });
    connect(m_status, &SyncStatus::changed, this, &TrayController::update);
    m_notifier->setQuiet(
        [this] { return m_menu->isVisible() || (m_windowShown && m_windowShown()); });
    connect(m_notifier, &TrayNotifier::notify, this, &TrayController::showBalloon);
    // The panel's colours change with the desktop's theme: redraw the icon to match.
    QCoreApplication::instance()->installEventFilter(this);
    update();
}

TrayController::~TrayController()
{
    m_icon->setContextMenu(nullptr);
}

void TrayController::show()
{
    m_icon->show();
}

bool TrayController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == QCoreApplication::instance() &&
        event->type() == QEvent::ApplicationPaletteChange)
        update();
    return QObject::eventFilter(watched, event);
}

void TrayController::update()
{
    const StatusIcons::Badge badge = StatusIcons::badgeFor(m_status->state());
    const StatusIcons::Variant variant = StatusIcons::variantForPalette();
    if (!m_iconSet || badge != m_badge || variant != m_variant) {
        m_badge = badge;
        m_variant = variant;
        m_iconSet = true;
        m_icon->setIcon(StatusIcons::tray(badge, variant));
    }
    m_icon->setToolTip(m_status->tooltip());
}

void TrayController::setNotificationLevel(NotificationLevel level)
{
    m_notifier->setLevel(level);
}

void TrayController::showBalloon(const QString &title, const QString &message, bool problem)
{
    if (!m_icon->isVisible() || !QSystemTrayIcon::supportsMessages())
        return;
    m_icon->showMessage(title, message,
                        problem ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 5000);
    Q_EMIT notified(title, message);
}
