#include "core/sync/workspace.h"

#include "core/config/kubeconfigwatcher.h"
#include "core/kube/secretstore.h"
#include "core/sync/contextconnection.h"

Workspace::Workspace(const QList<Publisher *> &publishers, Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_secrets(m_options.useKeychain ? new SecretStore(QStringLiteral("k8s-hosts"), this)
                                      : nullptr)
    , m_engine(new SyncEngine(publishers, m_options.engine, this))
{}

Workspace::~Workspace() = default;

bool Workspace::load(QString *error)
{
    if (!m_watcher) {
        m_watcher = new KubeconfigWatcher(m_options.kubeconfig, this);
        connect(m_watcher, &KubeconfigWatcher::reloaded, this, &Workspace::reconcile);
        connect(m_watcher, &KubeconfigWatcher::contextsChanged, this, &Workspace::contextsChanged);
        m_watcher->start();
    }
    reconcile();
    if (error)
        *error = m_kubeconfigError;
    return m_kubeconfigError.isEmpty();
}

QList<ContextConfig> Workspace::contexts() const
{
    return m_watcher ? m_watcher->kubeconfig().contexts() : QList<ContextConfig>{};
}

QString Workspace::currentContext() const
{
    return m_watcher ? m_watcher->kubeconfig().currentContext() : QString();
}

void Workspace::enableContext(const QString &name, const ContextChoice &choice)
{
    m_choices.insert(name, choice);
    closeConnection(name);
    reconcile();
    Q_EMIT choiceChanged(name);
}

void Workspace::disableContext(const QString &name)
{
    if (!m_choices.remove(name))
        return;
    closeConnection(name);
    Q_EMIT choiceChanged(name);
}

void Workspace::setNamespaces(const QString &name, const NamespaceSelection &selection)
{
    if (!m_choices.contains(name))
        return;
    m_choices[name].namespaces = selection;
    if (ContextConnection *c = m_connections.value(name))
        c->session()->setNamespaceSelection(selection); // no reconnect for a cluster-wide watch
    Q_EMIT choiceChanged(name);
}

void Workspace::setAddressOverride(const QString &name, const QString &address)
{
    if (!m_choices.contains(name))
        return;
    m_choices[name].addressOverride = address;
    if (ContextConnection *c = m_connections.value(name))
        m_engine->setAddressOverride(c->session(), address);
    Q_EMIT choiceChanged(name);
}

void Workspace::setSources(Sources sources)
{
    if (sources == m_options.sources)
        return;
    m_options.sources = sources;
    for (const QString &name : m_connections.keys())
        closeConnection(name);
    reconcile();
}

// Brings the connections in line with the kubeconfig and the enabled contexts: a context
// whose cluster, user or namespace changed is reconnected, one that vanished is dropped
// (and comes back by itself when the kubeconfig names it again).
void Workspace::reconcile()
{
    const Kubeconfig &kubeconfig = m_watcher->kubeconfig();
    m_kubeconfigError = kubeconfig.isValid() ? QString() : kubeconfig.error();
    for (const QString &name : m_choices.keys()) {
        const auto config = kubeconfig.isValid() ? kubeconfig.context(name) : std::nullopt;
        ContextConnection *existing = m_connections.value(name);
        if (existing && (!config || !(existing->config() == *config)))
            closeConnection(name);
        if (config && !m_connections.contains(name))
            openConnection(*config);
    }
}

void Workspace::openConnection(const ContextConfig &config)
{
    const ContextChoice choice = m_choices.value(config.name);
    auto *connection = new ContextConnection(config, m_secrets, m_options.sources,
                                             choice.namespaces, m_options.session, this);
    m_connections.insert(config.name, connection);
    m_engine->addSession(connection->session(), choice.addressOverride);
    connection->start();
    Q_EMIT connectionChanged(config.name);
}

void Workspace::retryContext(const QString &name)
{
    if (ContextConnection *connection = m_connections.value(name))
        connection->session()->retryNow();
}

void Workspace::closeConnection(const QString &name)
{
    ContextConnection *connection = m_connections.take(name);
    if (!connection)
        return;
    m_engine->removeSession(connection->session());
    connection->session()->stop();
    connection->deleteLater();
    Q_EMIT connectionChanged(name);
}
