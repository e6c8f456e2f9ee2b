#include "app/tray/syncstatus.h"

#include "app/tray/contextstatus.h"
#include "core/sync/contextconnection.h"
#include "core/sync/publishchannel.h"
#include "core/sync/workspace.h"

#include <QHash>
#include <QSet>

SyncStatus::SyncStatus(Workspace *workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
{
    m_update.setSingleShot(true);
    m_update.setInterval(0);
    connect(&m_update, &QTimer::timeout, this, &SyncStatus::update);
    SyncEngine *engine = m_workspace->engine();
    connect(m_workspace, &Workspace::connectionChanged, this, &SyncStatus::rebind);
    connect(m_workspace, &Workspace::choiceChanged, this, [this] {
        m_baseline = false; // what the user just switched on or off is not news
        schedule();
    });
    connect(m_workspace, &Workspace::contextsChanged, this, &SyncStatus::schedule);
    connect(engine, &SyncEngine::mappingsChanged, this, &SyncStatus::schedule);
    connect(engine, &SyncEngine::settled, this, [this] {
        m_settledOnce = true;
        schedule();
    });
    connect(engine, &SyncEngine::publishersChanged, this, &SyncStatus::schedule);
    connect(engine, &SyncEngine::published, this,
            [this](PublishChannel *channel, const HostEntries &before, const HostEntries &after) {
                if (channel == m_workspace->engine()->primary())
                    onPublished(before, after);
            });
    connect(engine, &SyncEngine::withdrawn, this, [this](bool ok) {
        if (ok)
            m_baseline = false; // writing everything back is not news
        schedule();
    });
    rebind();
    update();
}

void SyncStatus::schedule()
{
    if (!m_update.isActive())
        m_update.start();
}

void SyncStatus::rebind()
{
    for (const auto &c : std::as_const(m_bound)) {
        if (c) {
            c->disconnect(this);
            c->session()->disconnect(this);
        }
    }
    m_bound.clear();
    for (const QString &name : m_workspace->enabledContexts()) {
        ContextConnection *c = m_workspace->connection(name);
        if (!c)
            continue;
        connect(c, &ContextConnection::errorChanged, this, &SyncStatus::schedule);
        connect(c->session(), &ContextSession::statusChanged, this, &SyncStatus::schedule);
        m_bound.append(c);
    }
    schedule();
}

void SyncStatus::onPublished(const HostEntries &before, const HostEntries &entries)
{
    const bool news = m_baseline;
    // What is written while clusters are still being listed is the start, not news.
    const QStringList enabled = m_workspace->enabledContexts();
    m_baseline =
        m_baseline || std::none_of(enabled.begin(), enabled.end(), [this](const QString &c) {
            const auto kind = ContextStatus::of(*m_workspace, c).kind;
            return kind == ContextStatus::Kind::Connecting || kind == ContextStatus::Kind::Syncing;
        });
    schedule();
    if (!news)
        return;
    QHash<QString, QStringList> old;
    for (const HostEntry &e : before)
        old[e.host].append(e.ip);
    HostEntries added;
    HostEntries moved;
    for (const HostEntry &e : entries) {
        const auto it = old.constFind(e.host);
        if (it == old.cend())
            added.append(e);
        else if (!it->contains(e.ip))
            moved.append(e);
    }
    if (!added.isEmpty() || !moved.isEmpty())
        Q_EMIT hostsChanged(added, moved);
}

void SyncStatus::update()
{
    const SyncEngine *engine = m_workspace->engine();
    QStringList problems;
    if (!m_workspace->kubeconfigError().isEmpty())
        problems.append(m_workspace->kubeconfigError());
    bool busy = false;
    const QStringList enabled = m_workspace->enabledContexts();
    for (const QString &name : enabled) {
        const ContextStatus s = ContextStatus::of(*m_workspace, name);
        if (s.kind == ContextStatus::Kind::Error)
            problems.append(s.detail.startsWith(name) || s.detail.startsWith(u"context ")
                                ? s.detail
                                : name + QStringLiteral(": ") + s.detail);
        busy = busy || s.kind == ContextStatus::Kind::Connecting ||
               s.kind == ContextStatus::Kind::Syncing;
    }
    const PublisherState &file = engine->primary()->state();
    if (!file.error.isEmpty())
        problems.append(file.error);
    else if (!file.readError.isEmpty())
        problems.append(file.readError);
    // The other publishers (mDNS, a DNS zone) as they report: their problems, and what they
    // hold in the summary.
    QStringList others;
    for (const PublishChannel *channel : engine->channels()) {
        if (channel == engine->primary())
            continue;
        const PublisherState &s = channel->state();
        if (!s.error.isEmpty())
            problems.append(s.name + QStringLiteral(": ") + s.error);
        QSet<QString> names;
        for (const HostEntry &e : s.held.value_or(HostEntries{}))
            names.insert(e.host);
        others.append(names.size() == 1
                          ? QStringLiteral("%1: 1 name").arg(s.name)
                          : QStringLiteral("%1: %2 names").arg(s.name).arg(names.size()));
    }
    m_written = file.held.value_or(HostEntries{});
    m_lastWrite = file.lastWrite;
    m_notWritten = countNotWritten();

    State state = State::Synced;
    if (engine->isPaused())
        state = State::Paused;
    else if (!problems.isEmpty())
        state = State::Error;
    else if (enabled.isEmpty())
        state = State::Idle;
    // After the first full sync, a write in flight is not "syncing": under a busy cluster
    // the icon would flicker with every change.
    else if (busy || !(m_settledOnce || engine->isSettled()))
        state = State::Syncing;
    else if (m_notWritten > 0)
        state = State::Attention;

    const int clusters = int(enabled.size());
    const int hosts = int(m_written.size());
    QString summary =
        (clusters == 1 ? QStringLiteral("1 cluster")
                       : QStringLiteral("%1 clusters").arg(clusters)) +
        QStringLiteral(" · ") +
        (hosts == 1 ? QStringLiteral("1 host") : QStringLiteral("%1 hosts").arg(hosts));
    if (m_notWritten > 0)
        summary += QStringLiteral(" · %1 not written").arg(m_notWritten);
    for (const QString &other : std::as_const(others))
        summary += QStringLiteral(" · ") + other;

    if (state == m_state && summary == m_summary && problems == m_problems &&
        m_lastWrite == m_shownWrite)
        return;
    m_shownWrite = m_lastWrite;
    m_state = state;
    m_summary = summary;
    m_problems = problems;
    Q_EMIT changed();
}

// Hosts the clusters serve that the hosts file does not hold as they want, for whatever
// reason: a conflict, the name policy, a line outside the block, the file's own refusal.
// Waiting for an address is not counted (nothing is wrong yet), nor a wildcard rule (a
// hosts file cannot hold one: the table says so, and nothing can be done about it here).
int SyncStatus::countNotWritten() const
{
    const SyncEngine *engine = m_workspace->engine();
    const PublisherState &file = engine->primary()->state();
    QSet<QString> hosts;
    for (const HostMapping &m : engine->mappings()) {
        switch (m.state) {
        case MappingState::Active:
            if (file.outcomeOf(m.host, m.address).state == EntryOutcome::State::Refused)
                hosts.insert(m.host);
            break;
        case MappingState::WaitingForAddress:
        case MappingState::Resolving:
        case MappingState::NotAccepted:
        case MappingState::Wildcard:
            break;
        default:
            hosts.insert(m.host);
        }
    }
    return int(hosts.size());
}

QString SyncStatus::stateText() const
{
    switch (m_state) {
    case State::Idle:
        return QStringLiteral("no cluster enabled");
    case State::Syncing:
        return QStringLiteral("syncing…");
    case State::Synced:
    case State::Attention: // the summary says how many hosts are not written
        return QStringLiteral("synced");
    case State::Error:
        return m_problems.size() == 1 ? QStringLiteral("1 problem")
                                      : QStringLiteral("%1 problems").arg(m_problems.size());
    case State::Paused:
        return QStringLiteral("paused");
    }
    return {};
}

QString SyncStatus::tooltip() const
{
    QString text = QStringLiteral("K8s Hosts — %1\n%2").arg(stateText(), m_summary);
    for (const QString &p : m_problems)
        text += u'\n' + p;
    return text;
}
