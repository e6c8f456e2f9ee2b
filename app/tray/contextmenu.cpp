#include "app/tray/contextmenu.h"

#include "app/tray/contextchoices.h"
#include "app/tray/contextstatus.h"
#include "app/tray/statusicons.h"
#include "core/sync/contextconnection.h"
#include "core/sync/workspace.h"

#include <QFontMetrics>
#include <QMouseEvent>

namespace {

// Menu items are one line: long sentences are cut, the whole one is the tooltip.
QString oneLine(const QString &text, const QFont &font)
{
    return QFontMetrics(font).elidedText(QString(text).replace(u'\n', u' '), Qt::ElideRight, 420);
}

} // namespace

ContextMenu::ContextMenu(ContextChoices *choices, const QString &context, QWidget *parent)
    : QMenu(parent)
    , m_choices(choices)
    , m_context(context)
{
    setToolTipsVisible(true);
    m_enable = addAction(QStringLiteral("&Sync this context"));
    m_enable->setCheckable(true);
    connect(m_enable, &QAction::triggered, this,
            [this](bool on) { m_choices->setEnabled(m_context, on); });
    m_state = addAction(QString());
    m_state->setEnabled(false);
    m_error = addAction(QString());
    m_error->setEnabled(false);
    m_namespacesSection = addSection(QStringLiteral("Namespaces"));
    m_all = addAction(QStringLiteral("&All namespaces"));
    m_all->setCheckable(true);
    m_all->setToolTip(QStringLiteral("Every namespace, including ones created later"));
    connect(m_all, &QAction::triggered, this,
            [this](bool on) { m_choices->setAllNamespaces(m_context, on); });
    m_noNamespaces = addAction(QStringLiteral("Listing namespaces…"));
    m_noNamespaces->setEnabled(false);

    Workspace *workspace = m_choices->workspace();
    connect(workspace, &Workspace::choiceChanged, this, [this](const QString &name) {
        if (name == m_context)
            refresh();
    });
    connect(workspace, &Workspace::connectionChanged, this, [this](const QString &name) {
        if (name == m_context)
            bind();
    });
    connect(workspace->engine(), &SyncEngine::mappingsChanged, this, &ContextMenu::refresh);
    bind();
}

void ContextMenu::bind()
{
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->session()->disconnect(this);
    }
    m_connection = m_choices->workspace()->connection(m_context);
    if (m_connection) {
        connect(m_connection, &ContextConnection::errorChanged, this, &ContextMenu::refresh);
        connect(m_connection->session(), &ContextSession::statusChanged, this,
                &ContextMenu::refresh);
        connect(m_connection->session(), &ContextSession::namespacesChanged, this,
                &ContextMenu::refresh);
    }
    refresh();
}

QStringList ContextMenu::namespaceNames() const
{
    QStringList names = m_namespaces.keys();
    std::sort(names.begin(), names.end());
    return names;
}

void ContextMenu::refresh()
{
    const Workspace &workspace = *m_choices->workspace();
    const bool enabled = workspace.isEnabled(m_context);
    const ContextStatus status = ContextStatus::of(workspace, m_context);
    setTitle(QString(m_context).replace(u'&', QStringLiteral("&&")) + QStringLiteral(" — ") +
             status.text);
    setIcon(StatusIcons::dot(status.kind));
    m_enable->setChecked(enabled);
    m_state->setVisible(enabled);
    m_state->setText(QStringLiteral("State: ") + status.text);
    const bool showError =
        status.kind == ContextStatus::Kind::Error || status.kind == ContextStatus::Kind::Missing;
    m_error->setVisible(showError && !status.detail.isEmpty());
    m_error->setText(oneLine(status.detail, font()));
    m_error->setToolTip(status.detail);

    const NamespaceSelection selection = workspace.choice(m_context).namespaces;
    QStringList names = selection.names;
    if (m_connection)
        names += m_connection->session()->namespaces();
    names.removeDuplicates();
    std::sort(names.begin(), names.end());
    if (!enabled)
        names.clear();
    syncNamespaces(names);
    m_namespacesSection->setVisible(enabled);
    m_all->setVisible(enabled);
    m_all->setChecked(selection.all);
    m_noNamespaces->setVisible(enabled && names.isEmpty());
    for (auto it = m_namespaces.begin(); it != m_namespaces.end(); ++it)
        (*it)->setChecked(selection.includes(it.key()));
}

void ContextMenu::syncNamespaces(const QStringList &names)
{
    for (auto it = m_namespaces.begin(); it != m_namespaces.end();) {
        if (names.contains(it.key())) {
            ++it;
            continue;
        }
        delete it.value();
        it = m_namespaces.erase(it);
    }
    QAction *before = nullptr; // insert in sorted order, before the next existing one
    for (auto name = names.crbegin(); name != names.crend(); ++name) {
        if (QAction *existing = m_namespaces.value(*name)) {
            before = existing;
            continue;
        }
        auto *action = new QAction(*name, this);
        action->setCheckable(true);
        const QString &ns = *name;
        connect(action, &QAction::triggered, this,
                [this, ns](bool on) { m_choices->setNamespaceIncluded(m_context, ns, on); });
        insertAction(before, action);
        m_namespaces.insert(ns, action);
        before = action;
    }
}

void ContextMenu::mouseReleaseEvent(QMouseEvent *event)
{
    QAction *action = actionAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && action && action->isCheckable() &&
        action->isEnabled()) {
        action->trigger();
        return;
    }
    QMenu::mouseReleaseEvent(event);
}
