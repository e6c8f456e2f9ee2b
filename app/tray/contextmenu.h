#pragma once

#include <QHash>
#include <QMenu>
#include <QPointer>

class ContextChoices;
class ContextConnection;

// One context's submenu in the tray: enable it, see how it is doing (and the last error),
// and tick its namespaces ("All namespaces" or a chosen few). Keeps itself current from
// the workspace, reusing its actions so an open menu does not jump under the pointer.
class ContextMenu : public QMenu
{
    Q_OBJECT
public:
    ContextMenu(ContextChoices *choices, const QString &context, QWidget *parent = nullptr);

    QString context() const { return m_context; }
    QAction *enableAction() const { return m_enable; }
    QAction *allNamespacesAction() const { return m_all; }
    QAction *namespaceAction(const QString &ns) const { return m_namespaces.value(ns); }
    QStringList namespaceNames() const;

    void refresh();

protected:
    // A click on a check box (the context, a namespace) toggles it and leaves the menu
    // open for the next one (where the platform draws the menu; macOS's native menus close).
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void bind();
    void syncNamespaces(const QStringList &names);

    ContextChoices *m_choices;
    QString m_context;
    QPointer<ContextConnection> m_connection;
    QAction *m_enable;
    QAction *m_state;
    QAction *m_error;
    QAction *m_namespacesSection;
    QAction *m_all;
    QAction *m_noNamespaces;
    QHash<QString, QAction *> m_namespaces;
};
