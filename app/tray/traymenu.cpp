#include "app/tray/traymenu.h"

#include "app/tray/contextchoices.h"
#include "app/tray/contextmenu.h"
#include "app/tray/helperactions.h"
#include "app/tray/statusicons.h"
#include "app/tray/syncstatus.h"
#include "core/sync/publishchannel.h"
#include "core/sync/workspace.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QScreen>
#include <QStyle>
#include <QStyleOptionMenuItem>
#include <QUrl>

TrayMenu::TrayMenu(ContextChoices *choices, SyncStatus *status, QWidget *parent)
    : QMenu(parent)
    , m_choices(choices)
    , m_syncStatus(status)
{
    setToolTipsVisible(true);
    m_status = addAction(QString());
    m_status->setToolTip(QStringLiteral("Open K8s Hosts"));
    connect(m_status, &QAction::triggered, this, &TrayMenu::openWindowRequested);
    m_problem = addAction(QString());
    m_problem->setEnabled(false);
    m_contextsSection = addSection(QStringLiteral("Clusters"));
    m_noContexts = addAction(QStringLiteral("No contexts in the kubeconfig"));
    m_noContexts->setEnabled(false);
    m_hostsSection = addSection(QStringLiteral("Hosts"));
    m_noHosts = addAction(QStringLiteral("No hosts yet"));
    m_noHosts->setEnabled(false);
    m_moreHosts = addAction(QString());
    connect(m_moreHosts, &QAction::triggered, this,
            [this] { Q_EMIT showAllRequested(m_moreAreProblems); });
    m_actionsSeparator = addSeparator();
    m_pause = addAction(QStringLiteral("&Pause syncing"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(QStringLiteral("Keep the hosts file as it is until you resume"));
    connect(m_pause, &QAction::triggered, this, &TrayMenu::pauseToggled);
    m_removeAll = addAction(QStringLiteral("&Remove all entries now"));
    m_removeAll->setToolTip(
        QStringLiteral("Remove our block from the hosts file and pause syncing"));
    connect(m_removeAll, &QAction::triggered, this, &TrayMenu::removeAllRequested);
    m_open = addAction(QStringLiteral("&Open K8s Hosts…"));
    connect(m_open, &QAction::triggered, this, &TrayMenu::openWindowRequested);
    QAction *preferences = addAction(QStringLiteral("P&references…"));
    preferences->setMenuRole(QAction::PreferencesRole);
    connect(preferences, &QAction::triggered, this, &TrayMenu::preferencesRequested);
    addSeparator();
    m_quit = addAction(QStringLiteral("&Quit"));
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &TrayMenu::quitRequested);

    Workspace *workspace = m_choices->workspace();
    connect(workspace, &Workspace::contextsChanged, this, &TrayMenu::syncContexts);
    connect(workspace, &Workspace::choiceChanged, this, &TrayMenu::syncContexts);
    connect(workspace->engine(), &SyncEngine::mappingsChanged, this, &TrayMenu::syncHosts);
    connect(workspace->engine(), &SyncEngine::publishersChanged, this, &TrayMenu::syncHosts);
    connect(m_syncStatus, &SyncStatus::changed, this, &TrayMenu::refresh);
    // What changed while the menu was open and would move its items is applied as it closes.
    connect(this, &QMenu::aboutToHide, this, [this] {
        QMetaObject::invokeMethod(this, &TrayMenu::applyDeferred, Qt::QueuedConnection);
    });
    syncContexts();
    syncHosts();
    refresh();
}

void TrayMenu::addHelperActions(HelperActions *helper)
{
    QAction *section = insertSection(m_actionsSeparator, QStringLiteral("Helper"));
    insertAction(m_actionsSeparator, helper->statusAction());
    insertActions(m_actionsSeparator, helper->actions());
    Q_UNUSED(section)
}

QList<QAction *> TrayMenu::hostActions() const
{
    return m_hosts;
}

int TrayMenu::hostCapacity() const
{
    const QScreen *on = screen() ? screen() : QGuiApplication::primaryScreen();
    if (!on)
        return maxHosts;
    // Every visible item but the hosts counted as tall as a plain item (separators are
    // smaller: it errs on the side of fitting), plus the menu's frame.
    QStyleOptionMenuItem option;
    option.initFrom(this);
    option.menuItemType = QStyleOptionMenuItem::Normal;
    option.text = QStringLiteral("X");
    const int item = std::max(1, style()
                                     ->sizeFromContents(QStyle::CT_MenuItem, &option,
                                                        QSize(0, fontMetrics().height()), this)
                                     .height());
    int others = 0;
    for (const QAction *a : actions()) {
        if (a->isVisible() && !m_hosts.contains(a))
            ++others;
    }
    const int room = on->availableGeometry().height() -
                     2 * style()->pixelMetric(QStyle::PM_MenuPanelWidth, nullptr, this);
    return std::clamp(room / item - others, 1, maxHosts);
}

// True when a change must wait: the menu is open, and items would move under the pointer.
bool TrayMenu::deferWhileOpen()
{
    if (!isVisible())
        return false;
    m_deferred = true;
    return true;
}

void TrayMenu::applyDeferred()
{
    if (!m_deferred || isVisible())
        return;
    m_deferred = false;
    syncContexts();
    syncHosts();
    refresh();
}

void TrayMenu::refresh()
{
    m_status->setText(QStringLiteral("K8s Hosts — %1 · %2")
                          .arg(m_syncStatus->stateText(), m_syncStatus->summary()));
    m_status->setIcon(
        StatusIcons::dot(StatusIcons::badgeColor(StatusIcons::badgeFor(m_syncStatus->state()))));
    const QStringList problems = m_syncStatus->problems();
    if (m_problem->isVisible() != !problems.isEmpty() && deferWhileOpen())
        return; // the line would appear or go: after the menu closes
    m_problem->setVisible(!problems.isEmpty());
    if (!problems.isEmpty()) {
        m_problem->setText(QFontMetrics(font()).elidedText(
            QString(problems.first()).replace(u'\n', u' '), Qt::ElideRight, 460));
        m_problem->setToolTip(problems.join(u'\n'));
        m_problem->setIcon(StatusIcons::dot(StatusIcons::badgeColor(StatusIcons::Badge::Error)));
    }
    m_pause->setChecked(m_syncStatus->state() == SyncStatus::State::Paused);
}

void TrayMenu::syncContexts()
{
    const QStringList names = m_choices->contextNames();
    if (names != m_contexts.keys() && deferWhileOpen())
        return;
    for (auto it = m_contexts.begin(); it != m_contexts.end();) {
        if (names.contains(it.key())) {
            ++it;
            continue;
        }
        removeAction((*it)->menuAction());
        (*it)->deleteLater();
        it = m_contexts.erase(it);
    }
    for (const QString &name : names) {
        if (m_contexts.contains(name))
            continue;
        auto *menu = new ContextMenu(m_choices, name, this);
        const auto next = m_contexts.upperBound(name);
        insertMenu(next == m_contexts.end() ? m_hostsSection : (*next)->menuAction(), menu);
        m_contexts.insert(name, menu);
    }
    m_noContexts->setVisible(m_contexts.isEmpty());
}

void TrayMenu::syncHosts()
{
    // The hosts the file holds as the clusters want them; the rest are counted.
    const SyncEngine *engine = m_choices->workspace()->engine();
    const PublisherState &file = engine->primary()->state();
    HostMappings active;
    int problems = 0;
    for (const HostMapping &m : engine->mappings()) {
        const auto outcome = m.state == MappingState::Active
                                 ? file.outcomeOf(m.host, m.address).state
                                 : EntryOutcome::State::Failed;
        if (outcome == EntryOutcome::State::Published)
            active.append(m);
        else if (outcome != EntryOutcome::State::Pending)
            ++problems;
    }
    const int shown = std::min<int>(int(active.size()), hostCapacity());
    const bool moreVisible = int(active.size()) > shown || problems > 0;
    const bool noHostsVisible = active.isEmpty() && problems == 0;
    if ((m_hosts.size() != shown || m_moreHosts->isVisible() != moreVisible ||
         m_noHosts->isVisible() != noHostsVisible) &&
        deferWhileOpen())
        return; // items would come or go under the pointer: after the menu closes
    while (m_hosts.size() > shown)
        delete m_hosts.takeLast();
    while (m_hosts.size() < shown) {
        auto *action = new QAction(this);
        connect(action, &QAction::triggered, this, [action] {
            activateHost(action->data().toString(), QGuiApplication::keyboardModifiers());
        });
        insertAction(m_moreHosts, action);
        m_hosts.append(action);
    }
    for (int i = 0; i < shown; ++i) {
        const HostMapping &m = active[i];
        m_hosts[i]->setText(m.host + QStringLiteral("  →  ") + m.address);
        m_hosts[i]->setData(m.host);
        m_hosts[i]->setToolTip(
            QStringLiteral("%1 (%2)\nClick to open http://%3 — hold Shift, Ctrl or Alt to "
                           "copy the name")
                .arg(m.source.toString(), m.via.isEmpty() ? m.address : m.via, m.host));
    }
    m_noHosts->setVisible(active.isEmpty() && problems == 0);
    const int hidden = int(active.size()) - shown;
    QStringList more;
    if (hidden > 0)
        more << QStringLiteral("%1 more").arg(hidden);
    if (problems > 0)
        more << (problems == 1 ? QStringLiteral("1 not written")
                               : QStringLiteral("%1 not written").arg(problems));
    m_moreHosts->setVisible(!more.isEmpty());
    m_moreAreProblems = hidden <= 0 && problems > 0; // then the window shows just those
    m_moreHosts->setText(more.join(QStringLiteral(", ")) + QStringLiteral(" — show all…"));
}

void TrayMenu::activateHost(const QString &host, Qt::KeyboardModifiers modifiers)
{
    if (modifiers & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier)) {
        QGuiApplication::clipboard()->setText(host);
        return;
    }
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host);
    QDesktopServices::openUrl(url);
}
