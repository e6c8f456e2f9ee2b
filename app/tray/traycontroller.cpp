#include "app/tray/traycontroller.h"

#include "app/tray/syncstatus.h"
#include "app/tray/traymenu.h"

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
    m_notifyLater.setSingleShot(true);
    connect(&m_notifyLater, &QTimer::timeout, this, &TrayController::showPending);
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
    // Collected by host (a host added then moved is still new), shown at most once per
    // gap: a busy cluster gives one summary, not a stream of balloons.
    for (const HostEntry &e : added)
        m_pendingAdded.insert(e.host, e);
    for (const HostEntry &e : moved) {
        if (m_pendingAdded.contains(e.host))
            m_pendingAdded.insert(e.host, e);
        else
            m_pendingMoved.insert(e.host, e);
    }
    if (!m_sinceNotified.isValid() || m_sinceNotified.elapsed() >= notifyGapMs)
        showPending();
    else if (!m_notifyLater.isActive())
        m_notifyLater.start(int(notifyGapMs - m_sinceNotified.elapsed()));
}

void TrayController::showPending()
{
    if (m_pendingAdded.isEmpty() && m_pendingMoved.isEmpty())
        return;
    const auto line = [](const HostEntry &e) {
        return e.host + QStringLiteral(" → ") + e.ip;
    };
    QStringList lines;
    for (const HostEntry &e : std::as_const(m_pendingAdded))
        lines << line(e);
    for (const HostEntry &e : std::as_const(m_pendingMoved))
        lines << (m_pendingAdded.isEmpty() ? line(e) : line(e) + QStringLiteral(" (moved)"));
    const int total = int(lines.size());
    if (lines.size() > 5) {
        lines = lines.mid(0, 4);
        lines << QStringLiteral("and %1 more").arg(total - 4);
    }
    QString title;
    if (total == 1)
        title =
            m_pendingMoved.isEmpty() ? QStringLiteral("New host") : QStringLiteral("Host moved");
    else if (m_pendingMoved.isEmpty())
        title = QStringLiteral("%1 new hosts").arg(total);
    else
        title = QStringLiteral("%1 hosts changed").arg(total);
    m_pendingAdded.clear();
    m_pendingMoved.clear();
    m_sinceNotified.start();
    m_icon->showMessage(title, lines.join(u'\n'), QSystemTrayIcon::Information, 5000);
    Q_EMIT notified(title, lines.join(u'\n'));
}
