#pragma once

#include "core/kube/reflector.h"
#include "core/sync/clusterstate.h"
#include "core/sync/sourceset.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class ApiClient;
class ApiDiscovery;

// One context kept in sync: discovery decides which sources the cluster serves, one
// Reflector per collection mirrors it into a ClusterState, and the selected namespaces'
// mappings come out. A cluster-wide collection the user may not list (403) falls back to
// one watch per selected namespace; toggling namespaces on a cluster-wide watch only
// filters, without reconnecting.
class ContextSession : public QObject
{
    Q_OBJECT
public:
    enum class Status
    {
        Connecting,
        Syncing,
        Synced,
        Degraded, // failing for now, retrying by itself
        Failed    // failing for good: nothing to retry until someone changes something
    };
    Q_ENUM(Status)

    struct Options
    {
        Reflector::Options reflector;
        int discoveryRetryMs = 2000;
        int requestTimeoutMs = 15000; // discovery that stalls this long is retried
    };

    ContextSession(QString name, ApiClient *client, Sources sources, NamespaceSelection selection,
                   QString defaultNamespace, Options options, QObject *parent = nullptr);
    ContextSession(QString name, ApiClient *client, Sources sources, NamespaceSelection selection,
                   QString defaultNamespace, QObject *parent = nullptr)
        : ContextSession(std::move(name), client, sources, std::move(selection),
                         std::move(defaultNamespace), Options{}, parent)
    {}

    void start();
    void stop();
    void setNamespaceSelection(const NamespaceSelection &selection);
    // Credentials were refreshed after unauthorized(): reconnect everything now.
    void credentialsRefreshed();
    // Every collection (or the discovery) tries again now: the user asked, or credentials
    // were refreshed.
    void retryNow();
    // The context cannot connect at all (its configuration or credentials are refused): the
    // session says so instead of waiting to connect.
    void markFailed(const QString &message) { setStatus(Status::Failed, message); }

    QString name() const { return m_name; }
    Status status() const { return m_status; }
    QString statusMessage() const { return m_message; }
    bool isSynced() const;
    // Changes are announced once per burst: until then mappingsChanged() has not said all.
    bool hasUnannouncedChanges() const { return m_notify.isActive(); }
    QStringList notReady() const; // collections still waiting for their first list
    // Namespaces named in the selection that the cluster does not have; empty when every
    // one exists, or when the cluster does not let us list namespaces.
    QStringList missingNamespaces() const;
    // Scopes we may not list (403), as sentences; the rest of the context still syncs.
    QStringList forbiddenScopes() const;
    Sources servedSources() const { return m_served; }
    NamespaceSelection namespaceSelection() const { return m_selection; }
    QStringList namespaces() const;
    HostMappings mappings() const; // all of mappingsByObject() in one list
    ObjectMappings mappingsByObject() const
    {
        return m_state.mappingsByObject(m_selection, m_served & m_sources);
    }
    int objectCount() const { return m_state.objectCount(); }

    // What changed since the last mappingsChanged(): the objects whose mappings changed, or
    // (complete) every object's mappings after the namespaces or sources were switched.
    struct MappingChanges
    {
        bool complete = false;
        ObjectMappings objects; // an empty list: the object is gone
    };

Q_SIGNALS:
    void mappingsChanged(const ContextSession::MappingChanges &changes);
    void statusChanged(ContextSession::Status status, const QString &message);
    void namespacesChanged();
    void synced();       // every collection has listed once
    void unauthorized(); // HTTP 401: refresh credentials, then credentialsRefreshed()

private:
    struct Watch
    {
        ObjectKind kind;
        QString ns; // empty: cluster-wide
        Reflector *reflector;
    };

    QString pathOf(ObjectKind kind, const QString &ns) const;
    void discover();
    void onDiscovered();
    void startCollections();
    void addWatch(ObjectKind kind, const QString &ns);
    void onFailed(const Watch &watch, int status, const QString &message);
    void fallBackToNamespaces(ObjectKind kind);
    QStringList fallbackNamespaces() const;
    void changed();
    void announceChanges();
    void updateStatus();
    void setStatus(Status status, const QString &message);

    QString m_name;
    ApiClient *m_client;
    Sources m_sources;
    NamespaceSelection m_selection;
    QString m_defaultNamespace;
    Options m_options;
    ClusterState m_state;
    Sources m_served;
    ApiDiscovery *m_discovery = nullptr;
    QHash<ObjectKind, QString> m_groupVersions; // "/apis/<group>/<version>" of each served kind
    int m_discoveryFailures = 0;
    QList<Watch> m_watches;
    QList<ObjectKind> m_perNamespace; // collections that fell back to per-namespace watches
    bool m_namespacesForbidden = false;
    QString m_lastError;
    Status m_status = Status::Connecting;
    QString m_message;
    bool m_wasSynced = false;
    QTimer m_notify; // coalesces a burst of events into one mappingsChanged()
    std::optional<std::pair<NamespaceSelection, Sources>> m_announcedScope;
    QStringList m_announcedNamespaces;
    QTimer m_rediscover;
};
