#include "core/sync/syncengine.h"

#include "core/hosts/hostsfile.h"
#include "core/log/logevent.h"
#include "core/sink/publisher.h"
#include "core/sync/namecache.h"
#include "core/sync/publishchannel.h"

#include <QLoggingCategory>

#include <algorithm>
#include <tuple>

Q_LOGGING_CATEGORY(lcSync, "k8shosts.sync", QtInfoMsg)

SyncEngine::SyncEngine(const QList<Publisher *> &publishers, Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_names(new NameCache(this))
{
    m_recompute.setSingleShot(true);
    m_recompute.setInterval(0);
    connect(&m_recompute, &QTimer::timeout, this, &SyncEngine::recompute);
    connect(m_names, &NameCache::resolved, this, &SyncEngine::scheduleRebuild);
    for (Publisher *publisher : publishers)
        attach(publisher);
}

PublishChannel *SyncEngine::attach(Publisher *publisher)
{
    auto *channel = new PublishChannel(publisher, m_options.timing, this);
    m_channels.append(channel);
    if (const QString &error = channel->state().readError; !error.isEmpty())
        qCWarning(lcSync).noquote() << channel->state().name + u": "_qs + error;
    connect(channel, &PublishChannel::stateChanged, this, [this] {
        Q_EMIT publishersChanged();
        checkSettled();
    });
    connect(channel, &PublishChannel::published, this,
            [this, channel](const HostEntries &before, const HostEntries &after) {
                onPublished(channel, before, after);
            });
    connect(channel, &PublishChannel::failed, this,
            [this, channel](const QString &error, int retryInMs, int attempt) {
                const QString prefix = channel->state().name + u": "_qs;
                logEvent(lcSync(), QtWarningMsg,
                         prefix + error +
                             (retryInMs < 0 ? QString()
                                            : u" (retrying in %1 s, attempt %2)"_qs
                                                  .arg(std::max(1, retryInMs / 1000))
                                                  .arg(attempt)),
                         {retryInMs < 0 ? u"failed"_qs : u"retrying"_qs,
                          {},
                          {},
                          {},
                          {},
                          error,
                          channel->state().name});
                Q_EMIT publishFailed(channel, error, retryInMs, attempt);
            });
    connect(channel, &PublishChannel::withdrawn, this, &SyncEngine::onWithdrawn);
    return channel;
}

PublishChannel *SyncEngine::addPublisher(Publisher *publisher)
{
    PublishChannel *channel = attach(publisher);
    channel->setPaused(m_paused);
    scheduleRecompute(); // hands it the desired entries
    Q_EMIT publishersChanged();
    return channel;
}

void SyncEngine::removePublisher(PublishChannel *channel)
{
    if (channel == primary() || !m_channels.removeOne(channel))
        return;
    channel->disconnect(this);
    if (m_withdrawing > 0)
        onWithdrawn(true, {}); // withdrawAll() no longer waits for it
    const QString name = channel->state().name;
    connect(channel, &PublishChannel::withdrawn, this,
            [channel, name](bool ok, const QString &error) {
                if (ok)
                    logEvent(lcSync(), QtInfoMsg, u"%1: no longer published to"_qs.arg(name),
                             {u"publisher-removed"_qs, {}, {}, {}, {}, {}, name});
                else
                    logEvent(lcSync(), QtWarningMsg,
                             u"%1: removed from the publishers, but our entries could not be "
                             "taken out: %2"_qs.arg(name, error),
                             {u"publisher-removed"_qs, {}, {}, {}, {}, error, name});
                channel->deleteLater();
            });
    channel->withdraw();
    Q_EMIT publishersChanged();
    checkSettled();
}

SyncEngine::~SyncEngine() = default;

void SyncEngine::addSession(ContextSession *session, const QString &addressOverride)
{
    m_sessions.append(session);
    m_overrides.insert(session, addressOverride);
    connect(session, &ContextSession::mappingsChanged, this,
            [this, session](const ContextSession::MappingChanges &changes) {
                onMappingsChanged(session, changes);
            });
    connect(session, &ContextSession::synced, this, &SyncEngine::scheduleRecompute);
    // A context that stops listing (it failed) no longer holds the others' writes back.
    connect(session, &ContextSession::statusChanged, this, &SyncEngine::scheduleRecompute);
    connect(session, &QObject::destroyed, this, [this, session] {
        m_overrides.remove(session);
        scheduleRebuild();
    });
    scheduleRebuild();
}

void SyncEngine::addSource(MappingSource *source)
{
    m_sources.append(source);
    connect(source, &MappingSource::mappingsChanged, this,
            [this, source](const ObjectMappings &objects) {
                if (m_table && !m_rebuild)
                    m_table->updateObjects(source->name(), objects);
                scheduleRecompute();
            });
    connect(source, &MappingSource::synced, this, &SyncEngine::scheduleRecompute);
    connect(source, &QObject::destroyed, this, &SyncEngine::scheduleRebuild);
    scheduleRebuild();
}

void SyncEngine::removeSource(MappingSource *source)
{
    source->disconnect(this);
    m_sources.removeAll(source);
    scheduleRebuild();
}

QList<MappingSource *> SyncEngine::sources() const
{
    QList<MappingSource *> out;
    for (const auto &s : m_sources) {
        if (s)
            out.append(s);
    }
    return out;
}

void SyncEngine::removeSession(ContextSession *session)
{
    session->disconnect(this);
    m_sessions.removeAll(session);
    m_overrides.remove(session);
    scheduleRebuild();
}

void SyncEngine::setAddressOverride(ContextSession *session, const QString &address)
{
    m_overrides.insert(session, address);
    scheduleRebuild();
}

void SyncEngine::setPolicy(const NamePolicy &policy)
{
    m_options.policy = policy;
    for (PublishChannel *channel : std::as_const(m_channels))
        channel->publisher()->setPolicy(policy);
    scheduleRebuild();
}

QList<ContextSession *> SyncEngine::sessions() const
{
    QList<ContextSession *> out;
    for (const auto &s : m_sessions) {
        if (s)
            out.append(s);
    }
    return out;
}

void SyncEngine::setPaused(bool paused)
{
    m_paused = paused;
    for (PublishChannel *channel : std::as_const(m_channels))
        channel->setPaused(paused);
}

void SyncEngine::withdrawAll()
{
    m_withdrawing = int(m_channels.size());
    m_withdrawErrors.clear();
    if (m_channels.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT withdrawn(true, {}); }, Qt::QueuedConnection);
        return;
    }
    for (PublishChannel *channel : std::as_const(m_channels))
        channel->withdraw();
}

void SyncEngine::retryNow()
{
    for (PublishChannel *channel : std::as_const(m_channels))
        channel->retryNow();
    scheduleRebuild(); // and read the hosts file again
}

void SyncEngine::onWithdrawn(bool ok, const QString &error)
{
    if (!ok)
        m_withdrawErrors.append(error);
    if (m_withdrawing > 0 && --m_withdrawing == 0)
        Q_EMIT withdrawn(m_withdrawErrors.isEmpty(), m_withdrawErrors.join(u"; "_qs));
}

void SyncEngine::scheduleRecompute()
{
    if (!m_recompute.isActive())
        m_recompute.start();
}

void SyncEngine::scheduleRebuild()
{
    m_rebuild = true;
    scheduleRecompute();
}

// One object's event updates the hosts it touches; a switch of namespaces replaces the
// context. Until a rebuild, which reads every session anyway, there is nothing to update.
void SyncEngine::onMappingsChanged(ContextSession *session,
                                   const ContextSession::MappingChanges &changes)
{
    if (m_table && !m_rebuild) {
        if (changes.complete)
            m_table->setContext(session->name(), m_overrides.value(session), changes.objects);
        else
            m_table->updateObjects(session->name(), changes.objects);
    }
    scheduleRecompute();
}

void SyncEngine::recompute()
{
    // Names other lines of the hosts file already use win over ours (shadowed, not written).
    OutsideNames outside;
    if (!m_options.hostsFile.isEmpty()) {
        QString error;
        outside = HostsFile(m_options.hostsFile)
                      .outsideNames(m_options.marker, &error)
                      .value_or(OutsideNames{});
    }
    if (m_rebuild || !m_table || outside != m_outside)
        rebuild(std::move(outside));
    m_names->retain(m_table->namesInUse());
    const auto all = sessions();
    m_fullSyncDone = m_fullSyncDone || allListed();
    Q_EMIT mappingsChanged();
    // A context in the middle of its first list is waited for (a second at most, as a rule):
    // half a context's names would be written, then the rest. One that failed is not: its
    // lines are carried (desiredFor()) and the others go ahead.
    const bool listing = std::any_of(all.begin(), all.end(), [](ContextSession *s) {
        return !s->isSynced() && (s->status() == ContextSession::Status::Connecting ||
                                  s->status() == ContextSession::Status::Syncing);
    });
    if (!listing) {
        for (PublishChannel *channel : std::as_const(m_channels))
            channel->setDesired(desiredFor(*channel));
    }
    warnAboutOtherBlocks();
    checkSettled();
}

void SyncEngine::rebuild(OutsideNames outside)
{
    m_rebuild = false;
    m_outside = std::move(outside);
    m_table.reset(); // not alongside the new one: at 10,000 entries both would raise the peak
    m_table.emplace(EntryValidator(m_options.policy, ReservedNames::forThisMachine()), m_outside,
                    [this](const QString &name) { return m_names->resolve(name); });
    for (ContextSession *session : sessions())
        m_table->setContext(session->name(), m_overrides.value(session),
                            session->mappingsByObject());
    for (MappingSource *source : sources())
        m_table->setContext(source->name(), {}, source->mappingsByObject());
    m_otherBlocks.clear();
    for (const OutsideName &name : std::as_const(m_outside)) {
        if (!name.block.isEmpty())
            m_otherBlocks.insert(name.block);
    }
}

// The lines a publisher's target holds for contexts that have not listed yet are carried
// over as they are, so what was good stays until fresh data replaces it.
HostEntries SyncEngine::desiredFor(const PublishChannel &channel) const
{
    HostEntries fresh = m_table->entries();
    if (channel.publisher()->takesWildcards())
        fresh = m_table->wildcardEntries() + fresh; // "*." sorts first: still sorted by host

    const std::optional<HostEntries> &held = channel.state().held;
    QSet<QString> listed;
    QSet<QString> waiting;
    for (ContextSession *session : sessions())
        (session->isSynced() ? listed : waiting)
            .insert(DesiredHosts::commentContext(session->name()));
    for (MappingSource *source : sources())
        (source->isSynced() ? listed : waiting)
            .insert(DesiredHosts::commentContext(source->name()));
    if (!held || held->isEmpty() || (m_fullSyncDone && waiting.isEmpty()))
        return fresh;
    const auto freshHas = [&fresh](const QString &host) {
        const auto at =
            std::lower_bound(fresh.cbegin(), fresh.cend(), host,
                             [](const HostEntry &e, const QString &h) { return e.host < h; });
        return at != fresh.cend() && at->host == host;
    };
    HostEntries carried;
    for (const HostEntry &e : *held) {
        const QString context = DesiredHosts::contextOfComment(e.comment);
        const bool keep = m_fullSyncDone ? waiting.contains(context) : !listed.contains(context);
        if (keep && !freshHas(e.host) && m_table->accepts(e))
            carried.append(e);
    }
    if (carried.isEmpty())
        return fresh;
    std::sort(carried.begin(), carried.end());
    HostEntries merged;
    merged.reserve(fresh.size() + carried.size());
    std::merge(fresh.cbegin(), fresh.cend(), carried.cbegin(), carried.cend(),
               std::back_inserter(merged));
    if (merged.size() > EntryValidator::maxEntries)
        merged.resize(EntryValidator::maxEntries);
    return merged;
}

HostEntries SyncEngine::entries() const
{
    return m_table ? m_table->entries() : HostEntries{};
}

HostMappings SyncEngine::mappings() const
{
    return m_table ? m_table->mappings() : HostMappings{};
}

void SyncEngine::onPublished(PublishChannel *channel, const HostEntries &before,
                             const HostEntries &after)
{
    // One merge walk over both lists in (host, address) order: no per-entry strings or sets,
    // which cost more than the write itself at 10,000 entries.
    const auto byLine = [](const HostEntry &a, const HostEntry &b) {
        return std::tie(a.host, a.ip) < std::tie(b.host, b.ip);
    };
    const auto sorted = [&byLine](const HostEntries &entries) {
        if (std::is_sorted(entries.cbegin(), entries.cend(), byLine))
            return entries; // shared, not copied
        HostEntries copy = entries;
        std::sort(copy.begin(), copy.end(), byLine);
        return copy;
    };
    const QString prefix =
        channel == primary() ? QString() : channel->state().name + QStringLiteral(": ");
    const auto log = [&](const QString &event, const HostEntry &e) {
        const QString text =
            event == u"added"
                ? QStringLiteral("%1added %2 -> %3 from %4").arg(prefix, e.host, e.ip, e.comment)
                : QStringLiteral("%1removed %2 -> %3 (%4)").arg(prefix, e.host, e.ip, e.comment);
        logEvent(lcSync(), QtInfoMsg, text,
                 {event,
                  e.host,
                  e.ip,
                  e.comment,
                  DesiredHosts::contextOfComment(e.comment),
                  {},
                  channel->state().name});
    };
    const HostEntries old = sorted(before);
    const HostEntries now = sorted(after);
    QList<const HostEntry *> removed;
    auto o = old.cbegin();
    auto n = now.cbegin();
    while (o != old.cend() || n != now.cend()) {
        const bool same = o != old.cend() && n != now.cend() &&
                          (sameEntry(*o, *n) || (!byLine(*o, *n) && !byLine(*n, *o)));
        if (same) { // the usual case
            ++o;
            ++n;
        } else if (n == now.cend() || (o != old.cend() && byLine(*o, *n))) {
            removed.append(&*o++);
        } else {
            log(QStringLiteral("added"), *n++);
        }
    }
    for (const HostEntry *e : std::as_const(removed))
        log(QStringLiteral("removed"), *e);
    Q_EMIT published(channel, before, after);
}

// A block another tool (or an earlier --marker) left that holds names the clusters serve
// hides them for good: say so once per block, with the command that removes it.
void SyncEngine::warnAboutOtherBlocks()
{
    if (m_otherBlocks.isEmpty() || m_warnedBlocks.contains(m_otherBlocks))
        return;                         // the usual case costs nothing
    QHash<QString, QStringList> hidden; // block → names it hides
    for (const HostMapping &m : m_table->mappings()) {
        if (m.state != MappingState::Shadowed)
            continue;
        const QString block = m_outside.value(m.host).block;
        if (!block.isEmpty() && !m_warnedBlocks.contains(block) && !hidden[block].contains(m.host))
            hidden[block].append(m.host);
    }
    for (auto it = hidden.cbegin(); it != hidden.cend(); ++it) {
        if (it->isEmpty())
            continue;
        m_warnedBlocks.insert(it.key());
        const QString names = it->mid(0, 5).join(u", "_qs) +
                              (it->size() > 5 ? u" and %1 more"_qs.arg(it->size() - 5) : QString());
        logEvent(lcSync(), QtWarningMsg,
                 QStringLiteral("the %1 block in %2 already names %3, so k8s-hosts does not "
                                "write them; if nothing uses that block any more (the Go "
                                "k8s-hosts-controller writes TYK-K8S-HOSTS), remove it with: "
                                "k8s-hosts --no-gui --cleanup --marker %1")
                     .arg(it.key(), m_options.hostsFile, names),
                 {u"other-block"_qs, {}, {}, {}, {}, it.key(), {}});
    }
}

QStringList SyncEngine::notReady() const
{
    QStringList pending;
    for (ContextSession *session : sessions())
        pending += session->notReady();
    for (MappingSource *source : sources()) {
        if (!source->isSynced())
            pending.append(source->name());
    }
    if (pending.isEmpty()) {
        for (PublishChannel *channel : m_channels) {
            if (channel->isInSync())
                continue;
            const PublisherState &s = channel->state();
            pending.append(
                QStringLiteral("writing the %1%2")
                    .arg(s.name, s.error.isEmpty() ? QString() : u" ("_qs + s.error + u')'));
        }
    }
    return pending;
}

bool SyncEngine::allListed() const
{
    const auto all = sessions();
    const auto others = sources();
    return (!all.isEmpty() || !others.isEmpty()) &&
           std::all_of(all.begin(), all.end(), [](ContextSession *s) { return s->isSynced(); }) &&
           std::all_of(others.begin(), others.end(),
                       [](MappingSource *s) { return s->isSynced(); });
}

bool SyncEngine::isSettled() const
{
    const auto all = sessions();
    const bool listed = allListed() && std::none_of(all.begin(), all.end(), [](ContextSession *s) {
                            return s->hasUnannouncedChanges();
                        });
    return listed && m_table && !m_recompute.isActive() &&
           std::all_of(m_channels.cbegin(), m_channels.cend(),
                       [](const PublishChannel *c) { return c->isInSync(); });
}

void SyncEngine::checkSettled()
{
    const bool settledNow = isSettled();
    if (settledNow && !m_wasSettled)
        Q_EMIT settled();
    m_wasSettled = settledNow;
}
