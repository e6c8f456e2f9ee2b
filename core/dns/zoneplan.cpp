#include "core/dns/zoneplan.h"

#include "core/dns/txtregistry.h"

#include <algorithm>

bool isInZone(const QString &name, const QString &zone)
{
    return name == zone || (name.size() > zone.size() && name.endsWith(zone) &&
                            name.at(name.size() - zone.size() - 1) == u'.');
}

size_t qHash(const NameAndType &key, size_t seed) noexcept
{
    return qHashMulti(seed, key.first, int(key.second));
}

ZoneState::ZoneState(QString zone)
    : m_zone(std::move(zone))
{}

ZoneState ZoneState::from(const QString &zone, const DnsRecords &records)
{
    ZoneState state(zone);
    for (const DnsRecord &r : records) {
        if (r.type == RecordType::A || r.type == RecordType::AAAA) {
            QStringList &list = state.m_slots[{r.name, r.type}].addresses;
            if (!list.contains(r.value))
                list.append(r.value);
        } else if (r.type == RecordType::TXT) {
            const auto record = TxtRegistry::recordOf(r.name);
            if (!record)
                continue;
            if (auto owner = TxtRegistry::ownerOf(r.value)) {
                Slot &slot = state.m_slots[*record];
                slot.registry = r.value;
                slot.owner = std::move(owner);
            }
        }
    }
    for (Slot &slot : state.m_slots)
        slot.addresses.sort();
    return state;
}

QStringList ZoneState::addresses(const QString &name, RecordType type) const
{
    const auto it = m_slots.constFind({name, type});
    return it == m_slots.cend() ? QStringList() : it->addresses;
}

std::optional<QString> ZoneState::registry(const QString &name, RecordType type) const
{
    const auto it = m_slots.constFind({name, type});
    return it == m_slots.cend() ? std::nullopt : it->registry;
}

std::optional<QString> ZoneState::owner(const QString &name, RecordType type) const
{
    const auto it = m_slots.constFind({name, type});
    return it == m_slots.cend() ? std::nullopt : it->owner;
}

QList<NameAndType> ZoneState::ownedBy(const QString &owner, Order order) const
{
    QList<NameAndType> out;
    for (auto it = m_slots.cbegin(); it != m_slots.cend(); ++it) {
        if (it->owner == owner)
            out.append(it.key());
    }
    if (order == Order::Sorted)
        std::sort(out.begin(), out.end());
    return out;
}

void ZoneState::setOrDrop(const NameAndType &key, const Slot &slot)
{
    if (slot.isEmpty())
        m_slots.remove(key);
    else
        m_slots.insert(key, slot);
}

void ZoneState::setAddresses(const QString &name, RecordType type, QStringList addresses)
{
    addresses.sort();
    Slot slot = m_slots.value({name, type});
    slot.addresses = std::move(addresses);
    setOrDrop({name, type}, slot);
}

void ZoneState::setRegistry(const QString &name, RecordType type, std::optional<QString> value)
{
    Slot slot = m_slots.value({name, type});
    slot.owner = value ? TxtRegistry::ownerOf(*value) : std::nullopt;
    slot.registry = std::move(value);
    setOrDrop({name, type}, slot);
}

namespace {

EntryVerdict refusal(const HostEntry &entry, const QString &reason)
{
    return {entry, EntryState::BlockedByPolicy, reason};
}

} // namespace

ZonePlan ZonePlan::make(const HostEntries &desired, const ZoneState &state, const QString &owner)
{
    ZonePlan plan;
    const QString &zone = state.zone();
    // (name, type) → the entries that asked for it; sent in name order.
    QHash<NameAndType, HostEntries> wanted;
    QList<NameAndType> order;
    for (const HostEntry &e : desired) {
        if (!isInZone(e.host, zone)) {
            plan.refused.append(refusal(
                e, QStringLiteral("%1 is not in zone %2; only names under the zone are sent")
                       .arg(e.host, zone)));
        } else if (e.host == zone) {
            plan.refused.append(refusal(
                e, QStringLiteral("%1 is the zone's apex; k8s-hosts publishes names under it")
                       .arg(e.host)));
        } else {
            HostEntries &entries = wanted[{e.host, addressType(e.ip)}];
            if (entries.isEmpty())
                order.append({e.host, addressType(e.ip)});
            entries.append(e);
        }
    }
    std::sort(order.begin(), order.end());
    for (const NameAndType &key : std::as_const(order)) {
        const auto &[name, type] = key;
        const HostEntries entries = wanted.value(key);
        QStringList after;
        for (const HostEntry &e : entries)
            after.append(e.ip);
        after.sort();
        after.removeDuplicates();
        const std::optional<QString> registry = state.registry(name, type);
        const std::optional<QString> holder = state.owner(name, type);
        const QString comment = entries.first().comment;
        if (registry && holder == owner) {
            if (state.addresses(name, type) == after)
                plan.kept += entries;
            else
                plan.changes.append({name, type, after, true, *registry, comment});
            continue;
        }
        QString why;
        if (registry) {
            const QString other = holder.value_or(QString());
            why = QStringLiteral("%1 (%2) belongs to %3 in zone %4 (TXT %5); k8s-hosts leaves "
                                 "other owners' names alone")
                      .arg(name, recordTypeName(type),
                           other.isEmpty() ? QStringLiteral("another ExternalDNS") : other, zone,
                           TxtRegistry::ownerName(name, type));
        } else if (!state.addresses(name, type).isEmpty()) {
            why = QStringLiteral("%1 already has %2 records in zone %3 that no owner registered; "
                                 "k8s-hosts leaves them alone (remove them, or publish "
                                 "another name)")
                      .arg(name, recordTypeName(type), zone);
        }
        if (!why.isEmpty()) {
            for (const HostEntry &e : entries)
                plan.refused.append(refusal(e, why));
            continue;
        }
        plan.changes.append({name, type, after, false,
                             TxtRegistry::value(owner, TxtRegistry::resourceOf(comment)), comment});
    }
    // Ours and no longer wanted: removed, in name order too.
    QList<NameAndType> gone;
    for (const NameAndType &key : state.ownedBy(owner, ZoneState::Order::Any)) {
        if (!wanted.contains(key))
            gone.append(key);
    }
    std::sort(gone.begin(), gone.end());
    for (const auto &[name, type] : std::as_const(gone))
        plan.changes.append({name, type, {}, true, *state.registry(name, type), {}});
    return plan;
}

DnsUpdate ZonePlan::update(const QString &zone, const QList<NameChange> &changes, quint32 ttl)
{
    using Prerequisite = DnsUpdate::Prerequisite;
    using Change = DnsUpdate::Change;
    DnsUpdate update;
    update.zone = zone;
    for (const NameChange &c : changes) {
        const QString owner = TxtRegistry::ownerName(c.name, c.type);
        if (c.owned) {
            // Still ours, exactly as we read it: otherwise the server refuses the message.
            update.prerequisites.append(
                {Prerequisite::Kind::RecordExists, owner, RecordType::TXT, c.registry});
            update.changes.append({Change::Kind::DeleteRRset, c.name, c.type, {}, 0});
            if (c.after.isEmpty())
                update.changes.append({Change::Kind::DeleteRRset, owner, RecordType::TXT, {}, 0});
        } else {
            // Nobody's yet: neither an ownership record nor records of this type.
            update.prerequisites.append(
                {Prerequisite::Kind::RRsetAbsent, owner, RecordType::TXT, {}});
            update.prerequisites.append({Prerequisite::Kind::RRsetAbsent, c.name, c.type, {}});
            update.changes.append({Change::Kind::Add, owner, RecordType::TXT, c.registry, ttl});
        }
        for (const QString &address : c.after)
            update.changes.append({Change::Kind::Add, c.name, c.type, address, ttl});
    }
    return update;
}

void ZonePlan::apply(ZoneState *state, const QList<NameChange> &changes)
{
    for (const NameChange &c : changes) {
        state->setAddresses(c.name, c.type, c.after);
        state->setRegistry(c.name, c.type,
                           c.after.isEmpty() ? std::nullopt : std::optional(c.registry));
    }
}

HostEntries ZonePlan::held(const ZoneState &state, const QString &owner, const HostEntries &desired)
{
    QHash<std::pair<QString, QString>, QString> comments; // (host, ip) → comment
    for (const HostEntry &e : desired)
        comments.insert({e.host, e.ip}, e.comment);
    HostEntries out;
    for (const auto &[name, type] : state.ownedBy(owner, ZoneState::Order::Any)) {
        for (const QString &address : state.addresses(name, type))
            out.append({address, name, comments.value({name, address})});
    }
    std::sort(out.begin(), out.end());
    return out;
}
