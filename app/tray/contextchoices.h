#pragma once

#include "core/sync/sourceset.h"

#include <QObject>

class TraySettings;
class Workspace;

// The user's context choices, remembered. Enabling a context restores the namespaces it
// had, every change is saved, and the first run enables the current context with all its
// namespaces. Views call these instead of the Workspace so nothing is forgotten.
class ContextChoices : public QObject
{
    Q_OBJECT
public:
    ContextChoices(Workspace *workspace, TraySettings *settings, QObject *parent = nullptr);

    // Enables the saved contexts, or the current one on the first run. A non-empty `only`
    // (--context) enables exactly those for this run, and nothing of the run is saved.
    void restore(const QStringList &only);

    void setEnabled(const QString &context, bool enabled);
    void setAllNamespaces(const QString &context, bool all);
    void setNamespaceIncluded(const QString &context, const QString &ns, bool included);
    // Every host of the context mapped to this address (minikube's Docker driver…); empty:
    // none. Remembered for the context whether it is enabled now or later.
    void setAddressOverride(const QString &context, const QString &address);
    QString addressOverride(const QString &context) const;

    // Every context the views list: the kubeconfig's, and enabled ones it lost, by name.
    QStringList contextNames() const;
    Workspace *workspace() const { return m_workspace; }

private:
    void save(const QString &context);

    Workspace *m_workspace;
    TraySettings *m_settings;
    bool m_persist = true;
};
