#include "app/tray/traynotifier.h"

#include "app/tray/syncstatus.h"

TrayNotifier::TrayNotifier(SyncStatus *status, QObject *parent)
    : QObject(parent)
{
    m_later.setSingleShot(true);
    connect(&m_later, &QTimer::timeout, this, &TrayNotifier::showPending);
    connect(status, &SyncStatus::hostsChanged, this, &TrayNotifier::onHostsChanged);
    connect(status, &SyncStatus::hostsStopped, this, &TrayNotifier::onHostsStopped);
    connect(status, &SyncStatus::problemsAppeared, this, &TrayNotifier::onProblems);
}

void TrayNotifier::setLevel(NotificationLevel level)
{
    m_level = level;
    if (level != NotificationLevel::Everything) {
        m_added.clear();
        m_moved.clear();
    }
    if (level == NotificationLevel::Off) {
        m_stopped.clear();
        m_problems.clear();
    }
}

void TrayNotifier::onHostsChanged(const HostEntries &added, const HostEntries &moved)
{
    if (m_level != NotificationLevel::Everything)
        return;
    // Collected by host (a host added then moved is still new).
    for (const HostEntry &e : added)
        m_added.insert(e.host, e);
    for (const HostEntry &e : moved)
        (m_added.contains(e.host) ? m_added : m_moved).insert(e.host, e);
    schedule();
}

void TrayNotifier::onHostsStopped(const QStringList &hosts)
{
    if (m_level == NotificationLevel::Off)
        return;
    for (const QString &host : hosts) {
        if (!m_stopped.contains(host))
            m_stopped.append(host);
    }
    schedule();
}

void TrayNotifier::onProblems(const QStringList &problems)
{
    if (m_level == NotificationLevel::Off)
        return;
    for (const QString &problem : problems) {
        if (!m_problems.contains(problem))
            m_problems.append(problem);
    }
    schedule();
}

void TrayNotifier::schedule()
{
    if (!m_sinceShown.isValid() || m_sinceShown.elapsed() >= m_gapMs)
        showPending();
    else if (!m_later.isActive())
        m_later.start(int(m_gapMs - m_sinceShown.elapsed()));
}

void TrayNotifier::showPending()
{
    if (m_quiet && m_quiet()) {
        // The menu or the window shows all of it now: nothing to say afterwards either.
        m_added.clear();
        m_moved.clear();
        m_stopped.clear();
        m_problems.clear();
        return;
    }
    if (m_problems.isEmpty() && m_stopped.isEmpty())
        return showChanges();
    QStringList lines = m_problems;
    for (const QString &host : std::as_const(m_stopped))
        lines.append(QStringLiteral("%1 is no longer in the hosts file").arg(host));
    const int total = int(lines.size());
    if (lines.size() > 4)
        lines = lines.mid(0, 3) << QStringLiteral("and %1 more").arg(total - 3);
    const QString title =
        !m_stopped.isEmpty() && m_problems.isEmpty()
            ? (m_stopped.size() == 1
                   ? QStringLiteral("A host is no longer written")
                   : QStringLiteral("%1 hosts are no longer written").arg(m_stopped.size()))
            : (total == 1 ? QStringLiteral("K8s Hosts has a problem")
                          : QStringLiteral("K8s Hosts has %1 problems").arg(total));
    m_problems.clear();
    m_stopped.clear();
    m_added.clear(); // a problem balloon is the one worth showing now
    m_moved.clear();
    m_sinceShown.start();
    Q_EMIT notify(title, lines.join(u'\n'), true);
}

void TrayNotifier::showChanges()
{
    if (m_added.isEmpty() && m_moved.isEmpty())
        return;
    const auto line = [](const HostEntry &e) {
        return e.host + QStringLiteral(" → ") + e.ip;
    };
    QStringList lines;
    for (const HostEntry &e : std::as_const(m_added))
        lines << line(e);
    for (const HostEntry &e : std::as_const(m_moved))
        lines << (m_added.isEmpty() ? line(e) : line(e) + QStringLiteral(" (moved)"));
    const int total = int(lines.size());
    if (lines.size() > 5)
        lines = lines.mid(0, 4) << QStringLiteral("and %1 more").arg(total - 4);
    QString title;
    if (total == 1)
        title = m_moved.isEmpty() ? QStringLiteral("New host") : QStringLiteral("Host moved");
    else if (m_moved.isEmpty())
        title = QStringLiteral("%1 new hosts").arg(total);
    else
        title = QStringLiteral("%1 hosts changed").arg(total);
    m_added.clear();
    m_moved.clear();
    m_sinceShown.start();
    Q_EMIT notify(title, lines.join(u'\n'), false);
}
