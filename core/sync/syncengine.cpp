#include "core/sync/syncengine.h"

#include "core/hosts/hostsfile.h"
#include "core/sink/hostssink.h"
#include "core/sync/contextsession.h"
#include "core/sync/namecache.h"

#include <QLoggingCategory>

#include <algorithm>
#include <tuple>

Q_LOGGING_CATEGORY(lcSync, "k8shosts.sync", QtInfoMsg)

SyncEngine::SyncEngine(HostsSink *sink, Options options, QObject *parent)
    : QObject(parent)
    , m_sink(sink)
    , m_options(std::move(options))
    , m_names(new NameCache(this))
    , m_scheduler(m_options.timing)
{
    m_recompute.setSingleShot(true);
    m_recompute.setInterval(0);
    connect(&m_recompute, &QTimer::timeout, this, &SyncEngine::recompute);
    connect(m_names, &NameCache::resolved, this, &SyncEngine::scheduleRebuild);
    connect(&m_scheduler, &SyncScheduler::writeRequested, this,
            [this](const HostEntries &entries) { m_sink->apply(m_options.marker, entries); });
    connect(&m_scheduler, &SyncScheduler::writeFailed, this,
            [this](const QString &error, int retryMs) {
                m_lastError = error;
                qCWarning(lcSync).noquote()
                    << error << QStringLiteral("(retrying in %1 s)").arg(retryMs / 1000.0);
                Q_EMIT writeFailed(error);
            });
    connect(m_sink, &HostsSink::finished, this, &SyncEngine::onSinkFinished);
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
    connect(session, &QObject::destroyed, this, [this, session] {
        m_overrides.remove(session);
        scheduleRebuild();
    });
    scheduleRebuild();
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
    if (!paused)
        m_scheduler.setDesired(entries());
}

void SyncEngine::clearBlock()
{
    m_clearing = true;
    m_sink->clear(m_options.marker);
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
    QString error;
    auto outside = HostsFile(m_options.hostsFile).namesOutsideBlock(m_options.marker, &error);
    if (!outside)
        outside.emplace();
    if (m_rebuild || !m_table || *outside != m_namesOutsideBlock)
        rebuild(std::move(*outside));
    m_names->retain(m_table->namesInUse());
    Q_EMIT mappingsChanged();
    if (!m_paused && !m_clearing)
        m_scheduler.setDesired(m_table->entries());
    checkSettled();
}

void SyncEngine::rebuild(QSet<QString> namesOutsideBlock)
{
    m_rebuild = false;
    m_namesOutsideBlock = std::move(namesOutsideBlock);
    m_table.reset(); // not alongside the new one: at 10,000 entries both would raise the peak
    m_table.emplace(EntryValidator(m_options.policy, ReservedNames::forThisMachine()),
                    m_namesOutsideBlock,
                    [this](const QString &name) { return m_names->resolve(name); });
    for (ContextSession *session : sessions())
        m_table->setContext(session->name(), m_overrides.value(session),
                            session->mappingsByObject());
}

HostEntries SyncEngine::entries() const
{
    return m_table ? m_table->entries() : HostEntries{};
}

HostMappings SyncEngine::mappings() const
{
    return m_table ? m_table->mappings() : HostMappings{};
}

void SyncEngine::onSinkFinished(const SinkReport &report)
{
    if (report.operation == SinkReport::Operation::Clear) {
        m_clearing = false;
        if (report.ok()) {
            m_lastWritten.clear();
            m_scheduler.blockCleared(); // resuming writes the block again
        }
        Q_EMIT cleared(report.ok(), report.error);
        return;
    }
    m_scheduler.writeFinished(report.ok(), report.error);
    if (!report.ok())
        return;
    m_lastError.clear();
    logChanges(m_lastWritten, report.current);
    m_lastWritten = report.current;
    Q_EMIT written(report.current);
    checkSettled();
}

void SyncEngine::logChanges(const HostEntries &before, const HostEntries &after) const
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
    const HostEntries old = sorted(before);
    const HostEntries now = sorted(after);
    QList<const HostEntry *> removed;
    auto o = old.cbegin();
    auto n = now.cbegin();
    while (o != old.cend() || n != now.cend()) {
        if (o != old.cend() && n != now.cend() && sameEntry(*o, *n)) { // the usual case
            ++o;
            ++n;
        } else if (n == now.cend() || (o != old.cend() && byLine(*o, *n))) {
            removed.append(&*o++);
        } else if (o == old.cend() || byLine(*n, *o)) {
            qCInfo(lcSync).noquote()
                << QStringLiteral("added %1 -> %2 from %3").arg(n->host, n->ip, n->comment);
            ++n;
        } else {
            ++o;
            ++n;
        }
    }
    for (const HostEntry *e : std::as_const(removed))
        qCInfo(lcSync).noquote()
            << QStringLiteral("removed %1 -> %2 (%3)").arg(e->host, e->ip, e->comment);
}

QStringList SyncEngine::notReady() const
{
    QStringList pending;
    for (ContextSession *session : sessions())
        pending += session->notReady();
    if (pending.isEmpty() && !isSettled())
        pending.append(QStringLiteral("writing the hosts file%1")
                           .arg(m_lastError.isEmpty() ? QString()
                                                      : QStringLiteral(" (") + m_lastError + u')'));
    return pending;
}

bool SyncEngine::isSettled() const
{
    const auto all = sessions();
    const bool listed =
        !all.isEmpty() && std::all_of(all.begin(), all.end(), [](ContextSession *s) {
            return s->isSynced() && !s->hasUnannouncedChanges();
        });
    return listed && !m_recompute.isActive() && m_scheduler.isIdle() &&
           m_scheduler.written() == std::optional<HostEntries>(entries());
}

void SyncEngine::checkSettled()
{
    const bool settledNow = isSettled();
    if (settledNow && !m_wasSettled)
        Q_EMIT settled();
    m_wasSettled = settledNow;
}
