#include "app/tray/syncstatus.h"

#include "app/tray/contextstatus.h"
#include "core/sync/contextconnection.h"
#include "core/sync/publishchannel.h"
#include "core/sync/workspace.h"

#include <QHash>
#include <QSet>

#include <algorithm>

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

// Every problem as a sentence, keyed by what it is about (the kubeconfig, a context, a
// publisher), so a sentence that changes (a retry's countdown) is not news again.
SyncStatus::Problems SyncStatus::currentProblems(bool *busy) const
{
    Problems out;
    using About = Problem::About;
    const auto problem = [&out](About about, const QString &subject, const QString &text) {
        out.texts.append(text);
        out.about.insert(QString::number(int(about)) + u' ' + subject, text);
        out.details.append({about, subject, text});
    };
    if (!m_workspace->kubeconfigError().isEmpty())
        problem(About::Kubeconfig, {}, m_workspace->kubeconfigError());
    for (const QString &name : m_workspace->enabledContexts()) {
        const ContextStatus s = ContextStatus::of(*m_workspace, name);
        if (s.kind == ContextStatus::Kind::Error)
            problem(About::Context, name,
                    s.detail.startsWith(name) || s.detail.startsWith(u"context ")
                        ? s.detail
                        : name + QStringLiteral(": ") + s.detail);
        *busy = *busy || s.kind == ContextStatus::Kind::Connecting ||
                s.kind == ContextStatus::Kind::Syncing;
    }
    const SyncEngine *engine = m_workspace->engine();
    for (const PublishChannel *channel : engine->channels()) {
        const PublisherState &s = channel->state();
        const QString prefix =
            channel == engine->primary() ? QString() : s.name + QStringLiteral(": ");
        if (!s.error.isEmpty())
            problem(About::Publisher, s.name, prefix + s.error);
        else if (channel == engine->primary() && !s.readError.isEmpty())
            problem(About::Publisher, s.name, s.readError);
        else if (!s.notice.isEmpty())
            problem(About::Publisher, s.name, prefix + s.notice);
    }
    return out;
}

// The other publishers (mDNS, a DNS zone, the local resolver) as they report what they hold.
QStringList SyncStatus::otherPublishers() const
{
    const SyncEngine *engine = m_workspace->engine();
    QStringList others;
    for (const PublishChannel *channel : engine->channels()) {
        if (channel == engine->primary())
            continue;
        QSet<QString> names;
        for (const HostEntry &e : channel->state().held.value_or(HostEntries{}))
            names.insert(e.host);
        others.append(
            names.size() == 1
                ? QStringLiteral("%1: 1 name").arg(channel->state().name)
                : QStringLiteral("%1: %2 names").arg(channel->state().name).arg(names.size()));
    }
    return others;
}

// After the first full sync, news that is bad: a host that was written and is not any more
// though the cluster still serves it, and a problem about something new.
void SyncStatus::announce(const QSet<QString> &wasWritten, const QSet<QString> &notWritten,
                          const QHash<QString, QString> &problems)
{
    QStringList stopped;
    QStringList appeared;
    if (m_settledOnce && !m_workspace->engine()->isPaused()) {
        for (const QString &host : notWritten) {
            if (wasWritten.contains(host) && !m_notWrittenHosts.contains(host))
                stopped.append(host);
        }
        for (auto it = problems.cbegin(); it != problems.cend(); ++it) {
            if (!m_problemsAbout.contains(it.key()))
                appeared.append(it.value());
        }
    }
    m_problemsAbout = QSet<QString>(problems.keyBegin(), problems.keyEnd());
    m_notWrittenHosts = notWritten;
    std::sort(stopped.begin(), stopped.end());
    if (!stopped.isEmpty())
        Q_EMIT hostsStopped(stopped);
    if (!appeared.isEmpty())
        Q_EMIT problemsAppeared(appeared);
}

void SyncStatus::update()
{
    const SyncEngine *engine = m_workspace->engine();
    bool busy = false;
    const Problems problems = currentProblems(&busy);
    const QStringList enabled = m_workspace->enabledContexts();
    const PublisherState &file = engine->primary()->state();
    QSet<QString> wasWritten;
    for (const HostEntry &e : std::as_const(m_written))
        wasWritten.insert(e.host);
    m_written = file.held.value_or(HostEntries{});
    m_lastWrite = file.lastWrite;
    const QSet<QString> notWritten = notWrittenHosts();
    m_notWritten = int(notWritten.size());
    announce(wasWritten, notWritten, problems.about);

    State state = State::Synced;
    if (engine->isPaused())
        state = State::Paused;
    else if (!problems.texts.isEmpty())
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
    const auto failing =
        std::count_if(problems.details.cbegin(), problems.details.cend(),
                      [](const Problem &p) { return p.about == Problem::About::Context; });
    QString summary =
        (clusters == 1 ? QStringLiteral("1 cluster")
                       : QStringLiteral("%1 clusters").arg(clusters)) +
        (failing > 0 ? QStringLiteral(" (%1 failing)").arg(failing) : QString()) +
        QStringLiteral(" · ") +
        (hosts == 1 ? QStringLiteral("1 host") : QStringLiteral("%1 hosts").arg(hosts));
    if (m_notWritten > 0)
        summary += QStringLiteral(" · %1 not written").arg(m_notWritten);
    for (const QString &other : otherPublishers())
        summary += QStringLiteral(" · ") + other;

    if (state == m_state && summary == m_summary && problems.texts == m_problems &&
        m_lastWrite == m_shownWrite)
        return;
    m_shownWrite = m_lastWrite;
    m_state = state;
    m_summary = summary;
    m_problems = problems.texts;
    m_problemDetails = problems.details;
    Q_EMIT changed();
}

// Hosts the clusters serve that the hosts file does not hold as they want, for whatever
// reason: a conflict, the name policy, a line outside the block, the file's own refusal.
// Waiting for an address is not counted (nothing is wrong yet), nor a wildcard rule (a
// hosts file cannot hold one: the table says so, and nothing can be done about it here).
QSet<QString> SyncStatus::notWrittenHosts() const
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
    return hosts;
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
