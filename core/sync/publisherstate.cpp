#include "core/sync/publisherstate.h"

void PublisherState::indexHeld()
{
    m_heldByHost.clear();
    if (!held)
        return;
    m_heldByHost.reserve(held->size());
    for (const HostEntry &e : *held)
        m_heldByHost[e.host].append(e.ip);
}

QStringList PublisherState::heldAddresses(const QString &host) const
{
    return m_heldByHost.value(host);
}

EntryOutcome PublisherState::outcomeOf(const QString &host, const QString &ip) const
{
    EntryOutcome outcome;
    const QStringList addresses = heldAddresses(host);
    if (addresses.contains(ip)) {
        outcome.state = EntryOutcome::State::Published;
        return outcome;
    }
    outcome.heldAddresses = addresses;
    using State = EntryOutcome::State;
    if (const auto why = refused.constFind(key(host, ip)); why != refused.cend()) {
        outcome.state = State::Refused;
        outcome.reason = *why;
    } else if (withdrawn) {
        outcome.state = State::NotPublished;
        outcome.reason = QStringLiteral("not written: the entries were removed on request; resume "
                                        "syncing to write them again");
    } else if (paused) {
        outcome.state = State::NotPublished;
        outcome.reason = QStringLiteral("not written: syncing is paused");
    } else if (!error.isEmpty()) {
        outcome.state = State::Failed;
        outcome.reason = QStringLiteral("not written: %1").arg(error);
    } else if (!readError.isEmpty()) {
        outcome.state = State::Failed;
        outcome.reason = QStringLiteral("not written: %1").arg(readError);
    } else if (!writes) {
        outcome.state = State::NotPublished;
        outcome.reason = QStringLiteral("dry run: would be written");
    } else {
        outcome.state = State::Pending;
        outcome.reason = QStringLiteral("waiting to be written");
    }
    return outcome;
}
