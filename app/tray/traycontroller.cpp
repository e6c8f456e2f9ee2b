#include "traycontroller.h"

#include "syncstatus.h"
#include "traymenu.h"

#include <QCoreApplication>
#include <QEvent>
#include <QSystemTrayIcon>

TrayController::TrayController(ContextChoices *choices, SyncStatus *status, QObject *parent)
    : QObject(parent)
    , m_status(status)
    , m_menu(std::make_unique<TrayMenu>(choices, status))
    , m_icon(new QSystemTrayIcon(this))
{
    m_icon->setContextMenu(m_menu.get());
    connect(m_icon, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    Q_EMIT activated();
            });
    connect(m_status, &SyncStatus::changed, this, &TrayController::update);
    connect(m_status, &SyncStatus::hostsChanged, this, &TrayController::notify);
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

void TrayController::notify(const HostEntries &added, const HostEntries &moved)
{
    if (!m_notifications || !m_icon->isVisible() || !QSystemTrayIcon::supportsMessages())
        return;
    const auto line = [](const HostEntry &e) {
        return e.host + QStringLiteral(" → ") + e.ip;
    };
    QStringList lines;
    for (const HostEntry &e : added)
        lines << line(e);
    for (const HostEntry &e : moved)
        lines << (added.isEmpty() ? line(e) : line(e) + QStringLiteral(" (moved)"));
    const int total = int(lines.size());
    if (lines.size() > 5) {
        lines = lines.mid(0, 4);
        lines << QStringLiteral("and %1 more").arg(total - 4);
    }
    QString title;
    if (total == 1)
        title = moved.isEmpty() ? QStringLiteral("New host") : QStringLiteral("Host moved");
    else if (moved.isEmpty())
        title = QStringLiteral("%1 new hosts").arg(total);
    else
        title = QStringLiteral("%1 hosts changed").arg(total);
    m_icon->showMessage(title, lines.join(u'\n'), QSystemTrayIcon::Information, 5000);
    Q_EMIT notified(title, lines.join(u'\n'));
}
