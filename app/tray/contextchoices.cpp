#include "app/tray/contextchoices.h"

#include "app/tray/traylogging.h"
#include "app/tray/traysettings.h"
#include "core/sync/contextconnection.h"
#include "core/sync/workspace.h"

#include <algorithm>

ContextChoices::ContextChoices(Workspace *workspace, TraySettings *settings, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_settings(settings)
{
    connect(m_workspace, &Workspace::choiceChanged, this, &ContextChoices::save);
}

void ContextChoices::restore(const QStringList &only)
{
    const QHash<QString, TraySettings::Context> saved = m_settings->contexts();
    if (!only.isEmpty()) {
        m_persist = false;
        for (const QString &name : only)
            m_workspace->enableContext(
                name, {saved.value(name).namespaces, saved.value(name).addressOverride});
        return;
    }
    if (!m_settings->hasContexts()) {
        const QString current = m_workspace->currentContext();
        if (current.isEmpty())
            return;
        qCInfo(lcTray).noquote()
            << QStringLiteral("first run: syncing the current context %1 with all namespaces")
                   .arg(current);
        m_workspace->enableContext(current, {});
        return;
    }
    for (auto it = saved.begin(); it != saved.end(); ++it) {
        if (it->enabled)
            m_workspace->enableContext(it.key(), {it->namespaces, it->addressOverride});
    }
}

void ContextChoices::setEnabled(const QString &context, bool enabled)
{
    if (enabled == m_workspace->isEnabled(context))
        return;
    if (!enabled) {
        m_workspace->disableContext(context);
        return;
    }
    const TraySettings::Context saved = m_settings->contexts().value(context);
    m_workspace->enableContext(context, {saved.namespaces, saved.addressOverride});
}

void ContextChoices::setAllNamespaces(const QString &context, bool all)
{
    if (!m_workspace->isEnabled(context))
        return;
    // Unticking "All namespaces" starts from none: the user then picks the ones they want.
    m_workspace->setNamespaces(context, NamespaceSelection{all, {}});
}

void ContextChoices::setNamespaceIncluded(const QString &context, const QString &ns, bool included)
{
    if (!m_workspace->isEnabled(context))
        return;
    NamespaceSelection selection = m_workspace->choice(context).namespaces;
    if (selection.includes(ns) == included)
        return;
    if (selection.all) {
        // From "all" to an explicit list: every namespace the cluster has but this one.
        const ContextConnection *connection = m_workspace->connection(context);
        selection.all = false;
        selection.names = connection ? connection->session()->namespaces() : QStringList{};
    }
    if (included)
        selection.names.append(ns);
    else
        selection.names.removeAll(ns);
    selection.names.removeDuplicates();
    std::sort(selection.names.begin(), selection.names.end());
    // Every namespace the cluster has ticked again: that is "all" again (new ones included),
    // and the "All namespaces" box is ticked, not half.
    const ContextConnection *connection = m_workspace->connection(context);
    const QStringList existing = connection ? connection->session()->namespaces() : QStringList{};
    if (included && !existing.isEmpty() &&
        std::all_of(existing.cbegin(), existing.cend(),
                    [&selection](const QString &n) { return selection.names.contains(n); }))
        selection = {true, {}};
    m_workspace->setNamespaces(context, selection);
}

void ContextChoices::setAddressOverride(const QString &context, const QString &address)
{
    if (m_persist) {
        TraySettings::Context entry = m_settings->contexts().value(context);
        entry.addressOverride = address;
        m_settings->setContext(context, entry);
    }
    if (m_workspace->isEnabled(context))
        m_workspace->setAddressOverride(context, address); // saved again, the same
}

QString ContextChoices::addressOverride(const QString &context) const
{
    return m_workspace->isEnabled(context) ? m_workspace->choice(context).addressOverride
                                           : m_settings->contexts().value(context).addressOverride;
}

QStringList ContextChoices::contextNames() const
{
    QStringList names = m_workspace->enabledContexts();
    for (const ContextConfig &c : m_workspace->contexts())
        names.append(c.name);
    names.removeDuplicates();
    std::sort(names.begin(), names.end());
    return names;
}

void ContextChoices::save(const QString &context)
{
    if (!m_persist)
        return;
    TraySettings::Context entry = m_settings->contexts().value(context);
    entry.enabled = m_workspace->isEnabled(context);
    if (entry.enabled) {
        const Workspace::ContextChoice choice = m_workspace->choice(context);
        entry.namespaces = choice.namespaces;
        entry.addressOverride = choice.addressOverride;
    }
    m_settings->setContext(context, entry);
}
