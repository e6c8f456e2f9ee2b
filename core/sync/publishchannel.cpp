#include "core/sync/publishchannel.h"

#include "core/sink/publisher.h"

#include <algorithm>

PublishChannel::PublishChannel(Publisher *publisher, SyncScheduler::Timing timing, QObject *parent)
    : QObject(parent)
    , m_publisher(publisher)
    , m_scheduler(timing)
{
    m_publisher->setParent(this);
    m_state.name = m_publisher->name();
    m_state.target = m_publisher->target();
    m_state.writes = m_publisher->writes();
    m_state.held = m_publisher->readHeld(&m_state.readError);
    if (m_state.held) // compared with the sorted desired state: a hand-made order is no change
        std::sort(m_state.held->begin(), m_state.held->end());
    m_state.indexHeld();
    if (m_state.held)
        m_scheduler.adopt(*m_state.held);
    connect(m_publisher, &Publisher::finished, this, &PublishChannel::onFinished);
    connect(m_publisher, &Publisher::lostOutside, this, &PublishChannel::onLostOutside);
    m_state.notice = m_publisher->notice();
    connect(m_publisher, &Publisher::noticeChanged, this, [this] {
        m_state.notice = m_publisher->notice();
        m_state.target = m_publisher->target();
        Q_EMIT stateChanged();
    });
    connect(&m_scheduler, &SyncScheduler::writeRequested, m_publisher, &Publisher::publish);
    connect(&m_scheduler, &SyncScheduler::writeFailed, this,
            [this](const QString &error, int retryInMs, int attempt) {
                m_state.retryInMs = std::max(0, retryInMs);
                m_state.attempt = attempt;
                Q_EMIT failed(error, retryInMs, attempt);
            });
}

void PublishChannel::setDesired(const HostEntries &entries)
{
    m_desired = entries;
    if (!m_state.paused && !m_withdrawing)
        m_scheduler.setDesired(entries);
    updatePending();
}

void PublishChannel::setPaused(bool paused)
{
    if (paused == m_state.paused)
        return;
    m_state.paused = paused;
    if (!paused) {
        m_state.withdrawn = false;
        m_scheduler.setDesired(m_desired);
    }
    updatePending();
    Q_EMIT stateChanged();
}

void PublishChannel::withdraw()
{
    m_withdrawing = true;
    m_publisher->withdraw();
}

void PublishChannel::retryNow()
{
    if (!m_publisher->notice().isEmpty())
        m_publisher->retryNotice();
    m_scheduler.retryNow();
    updatePending();
}

bool PublishChannel::isInSync() const
{
    return m_scheduler.isIdle() && !m_scheduler.isStalled() &&
           m_scheduler.written() == std::optional<HostEntries>(m_desired);
}

void PublishChannel::onFinished(const PublishResult &result)
{
    const HostEntries before =
        result.heldBefore ? *result.heldBefore : m_state.held.value_or(HostEntries{});
    if (!result.ok()) { // before the scheduler reports the failure
        m_state.error = result.error;
        m_state.permanent = result.permanent;
    }
    if (result.operation == PublishResult::Operation::Withdraw) {
        m_withdrawing = false;
        if (result.ok()) {
            m_state.held = HostEntries{};
            m_state.withdrawn = true;
            m_state.refused.clear();
            m_scheduler.blockCleared(); // resuming writes the entries again
        }
    } else {
        m_scheduler.writeFinished(result.ok(), result.error, result.permanent);
    }
    if (result.ok()) {
        m_state.error.clear();
        m_state.permanent = false;
        m_state.retryInMs = 0;
        m_state.attempt = 0;
        if (result.held) {
            m_state.held = result.held;
            m_state.readError.clear();
            m_state.lastWrite = QDateTime::currentDateTime();
        }
        if (result.operation == PublishResult::Operation::Publish) {
            m_state.refused.clear();
            for (const EntryVerdict &v : result.refused)
                m_state.refused.insert(PublisherState::key(v.entry.host, v.entry.ip), v.reason);
        }
        m_state.indexHeld();
    }
    updatePending();
    if (result.ok() && result.held && result.operation == PublishResult::Operation::Publish)
        Q_EMIT published(before, *m_state.held);
    if (result.operation == PublishResult::Operation::Withdraw)
        Q_EMIT withdrawn(result.ok(), result.error);
    Q_EMIT stateChanged();
}

void PublishChannel::onLostOutside(const QString &why)
{
    m_state.held = HostEntries{};
    m_state.indexHeld();
    m_state.error = why;
    m_state.permanent = false;
    m_scheduler.blockCleared(); // the same entries are written again
    if (!m_state.paused && !m_state.withdrawn && !m_withdrawing)
        m_scheduler.setDesired(m_desired);
    updatePending();
    Q_EMIT failed(why, 0, 1);
    Q_EMIT stateChanged();
}

void PublishChannel::updatePending()
{
    m_state.pending = !m_state.paused && (m_scheduler.isPending() || !isInSync());
}
