#pragma once

#include "core/config/contextconfig.h"
#include "core/config/kubeconfigsources.h"
#include "core/sync/contextsession.h"
#include "core/sync/syncengine.h"

#include <QHash>
#include <QObject>

class ContextConnection;
class Publisher;
class KubeconfigWatcher;
class SecretStore;

// Everything the app and the headless runner share: the kubeconfig (re-read when kind,
// minikube or kubectl rewrite it), the enabled contexts with their namespace choices and
// address overrides, one live ContextConnection per enabled context, and the SyncEngine
// that writes their union. Views only call these methods and listen to the signals.
class Workspace : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        KubeconfigSources kubeconfig;
        Sources sources = allSources();
        SyncEngine::Options engine;
        ContextSession::Options session;
        bool useKeychain = true;
    };

    struct ContextChoice
    {
        NamespaceSelection namespaces;
        QString addressOverride;
    };

    // The engine takes the publishers (see PublisherSetup).
    Workspace(const QList<Publisher *> &publishers, Options options, QObject *parent = nullptr);
    ~Workspace() override;

    // Reads the kubeconfig and starts watching it. False, with kubectl's reason, when the
    // configuration as a whole is unusable (the enabled contexts then wait for a fix).
    bool load(QString *error);
    QString kubeconfigError() const { return m_kubeconfigError; }

    QList<ContextConfig> contexts() const;
    QString currentContext() const;

    void enableContext(const QString &name, const ContextChoice &choice = {});
    void disableContext(const QString &name);
    bool isEnabled(const QString &name) const { return m_choices.contains(name); }
    QStringList enabledContexts() const { return m_choices.keys(); }
    ContextChoice choice(const QString &name) const { return m_choices.value(name); }
    void setNamespaces(const QString &name, const NamespaceSelection &selection);
    void setAddressOverride(const QString &name, const QString &address);
    void setSources(Sources sources);
    Sources sources() const { return m_options.sources; }
    const KubeconfigSources &kubeconfig() const { return m_options.kubeconfig; }
    // Try a failing context again now, instead of waiting for its next retry.
    void retryContext(const QString &name);

    ContextConnection *connection(const QString &name) const { return m_connections.value(name); }
    SyncEngine *engine() const { return m_engine; }
    SecretStore *secrets() const { return m_secrets; }

Q_SIGNALS:
    void contextsChanged();                         // the kubeconfig's list of contexts changed
    void connectionChanged(const QString &context); // started, stopped or restarted
    void choiceChanged(const QString &context);     // enabled, disabled, namespaces, override

private:
    void reconcile();
    void openConnection(const ContextConfig &config);
    void closeConnection(const QString &name);

    Options m_options;
    SecretStore *m_secrets = nullptr;
    SyncEngine *m_engine;
    KubeconfigWatcher *m_watcher = nullptr;
    QString m_kubeconfigError;
    QHash<QString, ContextChoice> m_choices;
    QHash<QString, ContextConnection *> m_connections;
};
