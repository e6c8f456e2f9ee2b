#include "core/sync/contextsession.h"

#include "core/kube/apiclient.h"
#include "core/kube/apidiscovery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkReply>

Q_LOGGING_CATEGORY(lcSession, "k8shosts.sync.session", QtInfoMsg)

namespace {

struct Collection
{
    ObjectKind kind;
    QString group; // empty: the core group, /api/v1
    QString plural;
    QString label;
    QStringList versions; // the ones we read, preferred first
};

const QString gatewayGroup = QStringLiteral("gateway.networking.k8s.io");

const QList<Collection> &collections()
{
    static const QList<Collection> all = {
        {ObjectKind::Namespace, {}, QStringLiteral("namespaces"), QStringLiteral("namespaces"), {}},
        {ObjectKind::Ingress,
         QStringLiteral("networking.k8s.io"),
         QStringLiteral("ingresses"),
         QStringLiteral("ingresses"),
         {QStringLiteral("v1")}},
        {ObjectKind::Service, {}, QStringLiteral("services"), QStringLiteral("services"), {}},
        {ObjectKind::Gateway,
         gatewayGroup,
         QStringLiteral("gateways"),
         QStringLiteral("gateways"),
         {QStringLiteral("v1"), QStringLiteral("v1beta1")}},
        {ObjectKind::HttpRoute,
         gatewayGroup,
         QStringLiteral("httproutes"),
         QStringLiteral("HTTPRoutes"),
         {QStringLiteral("v1"), QStringLiteral("v1beta1")}},
        {ObjectKind::GrpcRoute,
         gatewayGroup,
         QStringLiteral("grpcroutes"),
         QStringLiteral("GRPCRoutes"),
         {QStringLiteral("v1"), QStringLiteral("v1alpha2")}},
        // TLSRoute moved from the experimental channel (v1alpha2, v1alpha3) to v1.
        {ObjectKind::TlsRoute,
         gatewayGroup,
         QStringLiteral("tlsroutes"),
         QStringLiteral("TLSRoutes"),
         {QStringLiteral("v1"), QStringLiteral("v1alpha3"), QStringLiteral("v1alpha2")}},
    };
    return all;
}

const Collection &collectionOf(ObjectKind kind)
{
    for (const Collection &c : collections()) {
        if (c.kind == kind)
            return c;
    }
    return collections().first();
}

} // namespace

ContextSession::ContextSession(QString name, ApiClient *client, Sources sources,
                               NamespaceSelection selection, QString defaultNamespace,
                               Options options, QObject *parent)
    : QObject(parent)
    , m_name(std::move(name))
    , m_client(client)
    , m_sources(sources)
    , m_selection(std::move(selection))
    , m_defaultNamespace(defaultNamespace.isEmpty() ? QStringLiteral("default")
                                                    : std::move(defaultNamespace))
    , m_options(options)
    , m_state(m_name)
{
    m_notify.setSingleShot(true);
    m_notify.setInterval(0);
    connect(&m_notify, &QTimer::timeout, this, &ContextSession::announceChanges);
    m_rediscover.setSingleShot(true);
    connect(&m_rediscover, &QTimer::timeout, this, &ContextSession::discover);
}

void ContextSession::start()
{
    setStatus(Status::Connecting,
              QStringLiteral("connecting to %1").arg(m_client->server().toString()));
    discover();
}

void ContextSession::stop()
{
    m_rediscover.stop();
    for (const Watch &w : std::as_const(m_watches))
        w.reflector->deleteLater();
    m_watches.clear();
}

QString ContextSession::pathOf(ObjectKind kind, const QString &ns) const
{
    const QString groupVersion = m_groupVersions.value(kind, QStringLiteral("/api/v1"));
    const QString &plural = collectionOf(kind).plural;
    if (ns.isEmpty())
        return groupVersion + u'/' + plural;
    return groupVersion + QStringLiteral("/namespaces/") + ns + u'/' + plural;
}

void ContextSession::discover()
{
    // Services and namespaces are core (/api/v1); the groups are optional: "not served" is an
    // answer, and the version read is the first of ours the cluster serves.
    QList<ApiDiscovery::Resource> wanted;
    for (const Collection &c : collections()) {
        if (!c.group.isEmpty() && (m_sources & sourcesOf(c.kind)))
            wanted.append({c.group, c.plural, c.versions});
    }
    if (m_discovery) { // this may run inside the last one's finished()
        m_discovery->disconnect(this);
        m_discovery->deleteLater();
    }
    m_discovery = new ApiDiscovery(m_client, wanted, m_options.requestTimeoutMs, this);
    connect(m_discovery, &ApiDiscovery::finished, this, &ContextSession::onDiscovered);
    m_discovery->start();
}

void ContextSession::onDiscovered()
{
    if (m_discovery->failed()) {
        // Backoff as the watches do; a 401 is not "cannot reach": the connection refreshes
        // the credentials and says so if that fails.
        const int delay =
            std::min(30000, m_options.discoveryRetryMs << std::min(m_discoveryFailures, 4));
        ++m_discoveryFailures;
        m_rediscover.start(delay);
        setStatus(Status::Degraded,
                  m_discovery->unauthorized()
                      ? QStringLiteral("the API server rejected the credentials (HTTP 401)")
                      : QStringLiteral("cannot reach %1: %2; retrying in %3 s (attempt %4)")
                            .arg(m_client->server().toString(), m_discovery->error())
                            .arg(std::max(1, delay / 1000))
                            .arg(m_discoveryFailures));
        if (m_discovery->unauthorized())
            Q_EMIT unauthorized();
        return;
    }
    m_discoveryFailures = 0;
    m_groupVersions.clear();
    m_served = Source::Service;
    for (const Collection &c : collections()) {
        if (c.group.isEmpty())
            continue;
        const QString path = m_discovery->pathOf(c.group, c.plural);
        if (!path.isEmpty())
            m_groupVersions.insert(c.kind, path);
    }
    if (m_groupVersions.contains(ObjectKind::Ingress))
        m_served |= Source::Ingress;
    if (m_groupVersions.contains(ObjectKind::Gateway)) {
        for (const ObjectKind route :
             {ObjectKind::HttpRoute, ObjectKind::GrpcRoute, ObjectKind::TlsRoute}) {
            if (m_groupVersions.contains(route))
                m_served |= sourcesOf(route);
        }
    }
    qCInfo(lcSession).noquote()
        << QStringLiteral("%1 serves %2").arg(m_name, sourcesToString(m_served));
    startCollections();
}

void ContextSession::startCollections()
{
    for (const Collection &c : collections()) {
        if (c.kind == ObjectKind::Namespace || (m_served & m_sources & sourcesOf(c.kind)))
            addWatch(c.kind, {});
    }
    updateStatus();
}

void ContextSession::addWatch(ObjectKind kind, const QString &ns)
{
    auto *reflector = new Reflector(m_client, pathOf(kind, ns), m_options.reflector, this);
    const Watch watch{kind, ns, reflector};
    m_watches.append(watch);
    connect(reflector, &Reflector::relistStarted, this,
            [this, kind, ns] { m_state.beginRelist(kind, ns); });
    // While a list is paged in, its end (relistFinished) reports the change once: mappings
    // recomputed after every page would make a first sync quadratic in the cluster's size.
    connect(reflector, &Reflector::objectUpserted, this,
            [this, kind, reflector](const QJsonObject &o) {
                if (m_state.upsert(kind, o) && reflector->state() != Reflector::State::Listing)
                    changed();
            });
    connect(reflector, &Reflector::objectDeleted, this,
            [this, kind, reflector](const QJsonObject &o) {
                if (m_state.remove(kind, o) && reflector->state() != Reflector::State::Listing)
                    changed();
            });
    connect(reflector, &Reflector::relistFinished, this, [this, kind, ns] {
        m_state.endRelist(kind, ns);
        changed(); // the first list of an empty collection is news too
    });
    connect(reflector, &Reflector::failed, this, [this, watch](int status, const QString &message) {
        onFailed(watch, status, message);
    });
    connect(reflector, &Reflector::stateChanged, this, &ContextSession::updateStatus);
    reflector->start();
}

void ContextSession::onFailed(const Watch &watch, int status, const QString &message)
{
    const QString what = collectionOf(watch.kind).label;
    if (status == 401) {
        m_lastError =
            QStringLiteral("the API server rejected the credentials (401): %1").arg(message);
        Q_EMIT unauthorized();
    } else if (status == 403 && watch.ns.isEmpty()) {
        if (watch.kind == ObjectKind::Namespace) {
            m_namespacesForbidden = true; // we list the selected namespaces instead
            Q_EMIT namespacesChanged();
        } else {
            qCInfo(lcSession) << m_name << "may not list" << what << "cluster-wide; watching"
                              << fallbackNamespaces() << "one by one";
            fallBackToNamespaces(watch.kind);
        }
    } else if (status == 403) {
        m_lastError = QStringLiteral("not allowed to list %1 in namespace %2: %3")
                          .arg(what, watch.ns, message);
    } else if (status == 0) {
        m_lastError =
            QStringLiteral("cannot reach %1: %2").arg(m_client->server().toString(), message);
    } else {
        m_lastError = QStringLiteral("%1: %2").arg(what, message);
    }
    updateStatus();
}

void ContextSession::fallBackToNamespaces(ObjectKind kind)
{
    if (!m_perNamespace.contains(kind))
        m_perNamespace.append(kind);
    for (qsizetype i = m_watches.size() - 1; i >= 0; --i) {
        if (m_watches[i].kind == kind && m_watches[i].ns.isEmpty()) {
            m_watches[i].reflector->deleteLater();
            m_watches.removeAt(i);
        }
    }
    for (const QString &ns : fallbackNamespaces())
        addWatch(kind, ns);
}

QStringList ContextSession::fallbackNamespaces() const
{
    return m_selection.all ? QStringList{m_defaultNamespace} : m_selection.names;
}

void ContextSession::setNamespaceSelection(const NamespaceSelection &selection)
{
    if (selection == m_selection)
        return;
    m_selection = selection;
    // Per-namespace watches follow the selection; cluster-wide ones only filter.
    const QStringList wanted = fallbackNamespaces();
    for (ObjectKind kind : std::as_const(m_perNamespace)) {
        for (qsizetype i = m_watches.size() - 1; i >= 0; --i) {
            const Watch w = m_watches[i];
            if (w.kind == kind && !wanted.contains(w.ns)) {
                w.reflector->deleteLater();
                m_watches.removeAt(i);
                m_state.removeScope(kind, w.ns);
            }
        }
        for (const QString &ns : wanted) {
            const bool watched =
                std::any_of(m_watches.begin(), m_watches.end(),
                            [&](const Watch &w) { return w.kind == kind && w.ns == ns; });
            if (!watched)
                addWatch(kind, ns);
        }
    }
    if (m_namespacesForbidden)
        Q_EMIT namespacesChanged();
    changed();
    updateStatus();
}

void ContextSession::credentialsRefreshed()
{
    retryNow();
}

void ContextSession::retryNow()
{
    if (m_watches.isEmpty()) {
        m_rediscover.stop();
        discover();
        return;
    }
    for (const Watch &w : std::as_const(m_watches))
        w.reflector->retryNow();
}

bool ContextSession::isSynced() const
{
    return !m_watches.isEmpty() && notReady().isEmpty();
}

QStringList ContextSession::notReady() const
{
    if (m_watches.isEmpty())
        return {m_name + QStringLiteral(": discovery")};
    QStringList pending;
    for (const Watch &w : m_watches) {
        const bool forbiddenNamespaces = w.kind == ObjectKind::Namespace && m_namespacesForbidden;
        // A namespace we may not list has nothing to wait for (forbiddenScopes() says so).
        if (!w.reflector->hasSynced() && !forbiddenNamespaces && !w.reflector->isForbidden())
            pending.append(m_name + QStringLiteral(": ") + collectionOf(w.kind).label +
                           (w.ns.isEmpty() ? QString() : QStringLiteral(" in ") + w.ns));
    }
    return pending;
}

QStringList ContextSession::forbiddenScopes() const
{
    QStringList scopes;
    for (const Watch &w : m_watches) {
        if (w.reflector->isForbidden() && !w.ns.isEmpty())
            scopes.append(QStringLiteral("not allowed to list %1 in namespace %2")
                              .arg(collectionOf(w.kind).label, w.ns));
    }
    return scopes;
}

QStringList ContextSession::missingNamespaces() const
{
    if (m_selection.all || m_namespacesForbidden || !isSynced())
        return {};
    const QStringList existing = m_state.namespaces();
    QStringList missing;
    for (const QString &ns : m_selection.names) {
        if (!existing.contains(ns))
            missing.append(ns);
    }
    return missing;
}

QStringList ContextSession::namespaces() const
{
    if (!m_namespacesForbidden)
        return m_state.namespaces();
    QStringList names = fallbackNamespaces();
    names.removeDuplicates();
    std::sort(names.begin(), names.end());
    return names;
}

HostMappings ContextSession::mappings() const
{
    HostMappings all;
    for (const HostMappings &object : mappingsByObject())
        all += object;
    return all;
}

void ContextSession::changed()
{
    if (!m_notify.isActive()) // restarting a running timer re-registers it: costly per event
        m_notify.start();
}

void ContextSession::announceChanges()
{
    m_notify.stop();
    const std::pair scope{m_selection, m_served & m_sources};
    MappingChanges changes;
    if (scope != m_announcedScope) {
        changes.complete = true;
        changes.objects = m_state.mappingsByObject(scope.first, scope.second);
        m_state.forgetChanges(); // all of them are in there
        m_announcedScope = scope;
    } else {
        changes.objects = m_state.takeChanges(scope.first, scope.second);
    }
    Q_EMIT mappingsChanged(changes);
    // Namespaces are watched objects too: announce when their list changes.
    if (const QStringList names = namespaces(); names != m_announcedNamespaces) {
        m_announcedNamespaces = names;
        Q_EMIT namespacesChanged();
    }
}

void ContextSession::updateStatus()
{
    if (m_watches.isEmpty())
        return; // still discovering: start()/onDiscovered() report
    const Reflector *failing = nullptr;
    int collections = 0; // what names come from: every kind but namespaces
    int forbidden = 0;
    for (const Watch &w : std::as_const(m_watches)) {
        if (w.reflector->state() == Reflector::State::BackingOff && !failing)
            failing = w.reflector;
        if (w.kind != ObjectKind::Namespace) {
            ++collections;
            forbidden += w.reflector->isForbidden() ? 1 : 0;
        }
    }
    const bool allForbidden = collections > 0 && forbidden == collections;
    if (allForbidden) {
        // Every collection in every selected namespace answered 403: nothing can ever sync.
        setStatus(Status::Failed,
                  QStringLiteral("%1; ask the cluster's administrator for list and watch on "
                                 "ingresses, services and Gateway API routes there, or choose "
                                 "other namespaces")
                      .arg(forbiddenScopes().join(QStringLiteral("; "))));
    } else if (failing) {
        setStatus(Status::Degraded,
                  QStringLiteral("%1; retrying in %2 s (attempt %3)")
                      .arg(m_lastError.isEmpty() ? QStringLiteral("reconnecting") : m_lastError)
                      .arg(std::max(1, failing->retryInMs() / 1000))
                      .arg(failing->failureCount()));
    } else if (!notReady().isEmpty()) {
        setStatus(Status::Syncing,
                  QStringLiteral("listing %1").arg(notReady().join(QStringLiteral(", "))));
    } else {
        m_lastError.clear();
        setStatus(Status::Synced, QStringLiteral("%1 objects, in sync").arg(m_state.objectCount()));
    }
    if (isSynced() && !m_wasSynced) {
        m_wasSynced = true;
        if (m_notify.isActive())
            announceChanges(); // whoever hears synced() has every mapping already
        Q_EMIT synced();
    }
}

void ContextSession::setStatus(Status status, const QString &message)
{
    if (status == m_status && message == m_message)
        return;
    m_status = status;
    m_message = message;
    Q_EMIT statusChanged(status, message);
}
