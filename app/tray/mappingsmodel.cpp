#include "app/tray/mappingsmodel.h"

#include "app/tray/sortedrows.h"
#include "app/tray/statusicons.h"
#include "core/hosts/ipaddress.h"
#include "core/sync/publishchannel.h"
#include "core/sync/syncengine.h"

#include <QColor>

namespace {

QString groupOf(const HostMapping &m)
{
    return m.host + QChar(0x1f) + m.source.toString() + QChar(0x1f);
}

// "10.0.0.9" before "10.0.0.10"; IPv6 after IPv4; names last.
QString addressSortKey(const HostMapping &m)
{
    const auto ip = IpAddress::parse(m.address);
    if (!ip)
        return QStringLiteral("2") + m.address;
    if (ip->isIpv6())
        return QStringLiteral("1") + ip->toString();
    QString key = QStringLiteral("0");
    for (const QString &octet : ip->toString().split(u'.'))
        key += octet.rightJustified(3, u'0');
    return key;
}

} // namespace

MappingsModel::MappingsModel(SyncEngine *engine, QObject *parent)
    : QAbstractTableModel(parent)
    , m_engine(engine)
{
    connect(m_engine, &SyncEngine::mappingsChanged, this, &MappingsModel::refresh);
    connect(m_engine, &SyncEngine::publishersChanged, this, &MappingsModel::refresh);
    refresh();
}

void MappingsModel::refresh()
{
    const HostMappings mappings = m_engine->mappings();
    // Keys are built once per mapping, not once per comparison: 10,000 hosts stay cheap.
    struct Keyed
    {
        QString group;
        const HostMapping *mapping;
    };
    QList<Keyed> keyed;
    keyed.reserve(mappings.size());
    for (const HostMapping &m : mappings)
        keyed.append({groupOf(m), &m});
    std::sort(keyed.begin(), keyed.end(), [](const Keyed &a, const Keyed &b) {
        if (const int c = a.group.compare(b.group); c != 0)
            return c < 0;
        return a.mapping->address < b.mapping->address;
    });
    // A row is "the n-th address of this host from this source", so an address that changes
    // updates its row in place instead of replacing it.
    const PublisherState &file = m_engine->primary()->state();
    QList<Row> next;
    next.reserve(keyed.size());
    int nth = 0;
    for (qsizetype i = 0; i < keyed.size(); ++i) {
        const bool sameGroup = i > 0 && keyed[i - 1].group == keyed[i].group;
        if (sameGroup && *keyed[i - 1].mapping == *keyed[i].mapping)
            continue; // the same mapping twice (two rules of one Ingress) is one row
        nth = sameGroup ? nth + 1 : 0;
        const HostMapping &m = *keyed[i].mapping;
        QStringList elsewhere;
        for (const PublishChannel *channel : m_engine->channels()) {
            if (channel != m_engine->primary() && channel->state().writes &&
                channel->state().outcomeOf(m.host, m.address).state ==
                    EntryOutcome::State::Published)
                elsewhere.append(channel->state().name);
        }
        next.append(
            {keyed[i].group + QString::number(nth).rightJustified(6, u'0'), m, addressSortKey(m),
             m.state == MappingState::Active ? file.outcomeOf(m.host, m.address)
                                             : EntryOutcome{EntryOutcome::State::Published, {}, {}},
             elsewhere});
    }
    RowNotifier notify;
    notify.beginRemove = [this](int first, int last) {
        beginRemoveRows({}, first, last);
    };
    notify.endRemove = [this] {
        endRemoveRows();
    };
    notify.beginInsert = [this](int first, int last) {
        beginInsertRows({}, first, last);
    };
    notify.endInsert = [this] {
        endInsertRows();
    };
    notify.changed = [this](int row) {
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    };
    syncSortedRows(
        m_rows, next, [](const Row &r) { return r.key; }, notify);
}

int MappingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MappingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MappingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case HostColumn:
        return QStringLiteral("Host");
    case AddressColumn:
        return QStringLiteral("IP");
    case ContextColumn:
        return QStringLiteral("Context");
    case NamespaceColumn:
        return QStringLiteral("Namespace");
    case SourceColumn:
        return QStringLiteral("Source");
    case StateColumn:
        return QStringLiteral("State");
    case ReasonColumn:
        return QStringLiteral("Reason");
    case ElsewhereColumn:
        return QStringLiteral("Also published to");
    default:
        return {};
    }
}

bool MappingsModel::isProblem(int row) const
{
    const Row &r = m_rows.at(row);
    return r.mapping.state != MappingState::Active ||
           (r.outcome.state != EntryOutcome::State::Published &&
            r.outcome.state != EntryOutcome::State::Pending);
}

QString MappingsModel::stateText(int row) const
{
    const Row &r = m_rows.at(row);
    if (r.mapping.state != MappingState::Active)
        return describeMappingState(r.mapping.state);
    switch (r.outcome.state) {
    case EntryOutcome::State::Published:
        return QStringLiteral("written");
    case EntryOutcome::State::Pending:
        return QStringLiteral("pending");
    case EntryOutcome::State::Refused:
        return QStringLiteral("refused");
    case EntryOutcome::State::NotPublished:
        return QStringLiteral("not written");
    case EntryOutcome::State::Failed:
        break;
    }
    return QStringLiteral("write failed");
}

QString MappingsModel::reason(int row) const
{
    const Row &r = m_rows.at(row);
    if (r.mapping.state != MappingState::Active)
        return r.mapping.reason;
    QString text = r.outcome.reason;
    if (!r.outcome.heldAddresses.isEmpty())
        text += QStringLiteral("; the hosts file still has %1 → %2")
                    .arg(r.mapping.host, r.outcome.heldAddresses.join(QStringLiteral(", ")));
    return text;
}

QColor MappingsModel::stateColor(int row) const
{
    const Row &r = m_rows.at(row);
    switch (r.mapping.state) {
    case MappingState::Active:
        break;
    case MappingState::WaitingForAddress:
    case MappingState::Resolving:
    case MappingState::NotAccepted:
        return StatusIcons::badgeColor(StatusIcons::Badge::Syncing);
    case MappingState::Shadowed:
    case MappingState::Wildcard:
    case MappingState::OverLimit:
        return StatusIcons::badgeColor(StatusIcons::Badge::Attention);
    case MappingState::Unresolvable:
    case MappingState::Conflict:
    case MappingState::Blocked:
    case MappingState::Invalid:
        return StatusIcons::badgeColor(StatusIcons::Badge::Error);
    }
    switch (r.outcome.state) {
    case EntryOutcome::State::Published:
        return StatusIcons::badgeColor(StatusIcons::Badge::Synced);
    case EntryOutcome::State::Pending:
        return StatusIcons::badgeColor(StatusIcons::Badge::Syncing);
    case EntryOutcome::State::NotPublished:
        return StatusIcons::badgeColor(StatusIcons::Badge::Paused);
    case EntryOutcome::State::Refused:
    case EntryOutcome::State::Failed:
        break;
    }
    return StatusIcons::badgeColor(StatusIcons::Badge::Error);
}

QVariant MappingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HostMapping &m = m_rows.at(index.row()).mapping;
    switch (role) {
    case StateRole:
        return int(m.state);
    case HostRole:
        return m.host;
    case AddressRole:
        return m.address;
    case ReasonRole:
        return reason(index.row());
    case ProblemRole:
        return isProblem(index.row());
    case Qt::ToolTipRole:
        if (const QString why = reason(index.row()); !why.isEmpty())
            return why;
        if (index.column() != SourceColumn)
            return {};
        return m.origin.isEmpty()
                   ? m.source.toString()
                   : QStringLiteral("%1, named in its %2").arg(m.source.toString(), m.origin);
    case Qt::DecorationRole:
        return index.column() == StateColumn ? StatusIcons::dot(stateColor(index.row()))
                                             : QVariant();
    case SortRole:
        if (index.column() == AddressColumn)
            return m_rows.at(index.row()).addressKey;
        if (index.column() == StateColumn)
            return stateText(index.row());
        break;
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case HostColumn:
        return m.host;
    case AddressColumn:
        if (!m.via.isEmpty() && m.via != m.address)
            return QStringLiteral("%1 (%2)").arg(m.address, m.via);
        return m.address.isEmpty() ? QStringLiteral("—") : m.address;
    case ContextColumn:
        return m.source.context;
    case NamespaceColumn:
        return m.source.ns;
    case SourceColumn:
        // Which object, and which of its fields or annotations named the host.
        if (m.origin.isEmpty())
            return m.source.kind + u' ' + m.source.name;
        return QStringLiteral("%1 %2 · %3").arg(m.source.kind, m.source.name, m.origin);
    case StateColumn:
        return stateText(index.row());
    case ReasonColumn:
        return reason(index.row());
    case ElsewhereColumn:
        return m_rows.at(index.row()).elsewhere.join(QStringLiteral(", "));
    default:
        return {};
    }
}
