#include "core/dns/zoneplan.h"

#include "core/dns/txtregistry.h"

#include <QMap>

#include <algorithm>

bool isInZone(const QString &name, const QString &zone)
{
    return name == zone || (name.size() > zone.size() && name.endsWith(zone) &&
                            name.at(name.size() - zone.size() - 1) == u'.');
}

ZoneState::ZoneState(QString zone)
    : m_zone(std::move(zone))
{}

QString ZoneState::key(const QString &name, RecordType type)
{
    return name + u'/' + recordTypeName(type);
}

ZoneState ZoneState::from(const QString &zone, const DnsRecords &records)
{
    ZoneState state(zone);
    for (const DnsRecord &r : records) {
        if (r.type == RecordType::A || r.type == RecordType::AAAA) {
            QStringList &list = state.m_addresses[key(r.name, r.type)];
            if (!list.contains(r.value))
                list.append(r.value);
        } else if (r.type == RecordType::TXT) {
            if (const auto record = TxtRegistry::recordOf(r.name);
                record && TxtRegistry::ownerOf(r.value))
                state.m_registry.insert(key(record->first, record->second), r.value);
        }
    }
    for (QStringList &list : state.m_addresses)
        list.sort();
    return state;
}

QStringList ZoneState::addresses(const QString &name, RecordType type) const
{
    return m_addresses.value(key(name, type));
}

std::optional<QString> ZoneState::registry(const QString &name, RecordType type) const
{
    const auto it = m_registry.constFind(key(name, type));
    return it == m_registry.cend() ? std::nullopt : std::optional(*it);
}

QList<std::pair<QString, RecordType>> ZoneState::ownedBy(const QString &owner) const
{
    QList<std::pair<QString, RecordType>> out;
    for (auto it = m_registry.cbegin(); it != m_registry.cend(); ++it) {
        if (TxtRegistry::ownerOf(*it) != owner)
            continue;
        const qsizetype slash = it.key().lastIndexOf(u'/');
        const QString type = it.key().mid(slash + 1);
        out.append({it.key().left(slash), type == u"AAAA" ? RecordType::AAAA : RecordType::A});
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return std::tie(a.first, a.second) < std::tie(b.first, b.second);
    });
    return out;
}

void ZoneState::setAddresses(const QString &name, RecordType type, QStringList addresses)
{
    addresses.sort();
    if (addresses.isEmpty())
        m_addresses.remove(key(name, type));
    else
        m_addresses.insert(key(name, type), addresses);
}

void ZoneState::setRegistry(const QString &name, RecordType type, std::optional<QString> value)
{
    if (value)
        m_registry.insert(key(name, type), *value);
    else
        m_registry.remove(key(name, type));
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
    // (name, type) → addresses and the entries that asked for them, in a stable order.
    QMap<std::pair<QString, RecordType>, HostEntries> wanted;
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
            wanted[{e.host, addressType(e.ip)}].append(e);
        }
    }
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        const auto &[name, type] = it.key();
        QStringList after;
        for (const HostEntry &e : *it)
            after.append(e.ip);
        after.sort();
        after.removeDuplicates();
        const std::optional<QString> registry = state.registry(name, type);
        const QString comment = it->first().comment;
        if (registry && TxtRegistry::ownerOf(*registry) == owner) {
            if (state.addresses(name, type) == after)
                plan.kept += *it;
            else
                plan.changes.append({name, type, after, true, *registry, comment});
            continue;
        }
        QString why;
        if (registry) {
            const QString other = TxtRegistry::ownerOf(*registry).value_or(QString());
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
            for (const HostEntry &e : *it)
                plan.refused.append(refusal(e, why));
            continue;
        }
        plan.changes.append({name, type, after, false,
                             TxtRegistry::value(owner, TxtRegistry::resourceOf(comment)), comment});
    }
    for (const auto &[name, type] : state.ownedBy(owner)) {
        if (!wanted.contains({name, type}))
            plan.changes.append({name, type, {}, true, *state.registry(name, type), {}});
    }
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
    QHash<QString, QString> comments; // "host ip" → comment
    for (const HostEntry &e : desired)
        comments.insert(e.host + u' ' + e.ip, e.comment);
    HostEntries out;
    for (const auto &[name, type] : state.ownedBy(owner)) {
        for (const QString &address : state.addresses(name, type))
            out.append({address, name, comments.value(name + u' ' + address)});
    }
    std::sort(out.begin(), out.end());
    return out;
}
