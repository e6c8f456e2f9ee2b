#pragma once

#include "core/dns/dnsrecord.h"
#include "core/hosts/entryvalidator.h"

#include <QHash>
#include <QStringList>

#include <optional>

// What a zone holds that matters to us: the A and AAAA records at each name, and the TXT
// registry records that say who owns them.
class ZoneState
{
public:
    explicit ZoneState(QString zone = {});
    // From a zone transfer, or from the answers to our queries.
    static ZoneState from(const QString &zone, const DnsRecords &records);

    QString zone() const { return m_zone; }
    QStringList addresses(const QString &name, RecordType type) const; // sorted
    // The registry value at the name's ownership record; nullopt when there is none.
    std::optional<QString> registry(const QString &name, RecordType type) const;
    // (name, type) of every record whose registry names this owner, sorted.
    QList<std::pair<QString, RecordType>> ownedBy(const QString &owner) const;

    void setAddresses(const QString &name, RecordType type, QStringList addresses);
    void setRegistry(const QString &name, RecordType type, std::optional<QString> value);

    friend bool operator==(const ZoneState &, const ZoneState &) = default;

private:
    static QString key(const QString &name, RecordType type);

    QString m_zone;
    QHash<QString, QStringList> m_addresses; // "name/A" → sorted addresses
    QHash<QString, QString> m_registry;      // "name/A" → TXT value at a-name
};

// One name and type to change: from what the server holds to what we want there.
struct NameChange
{
    QString name;
    RecordType type = RecordType::A;
    QStringList after;      // empty: remove the records and their ownership
    bool owned = false;     // ours already (else: new, and nobody else's)
    QString registry;       // owned: the registry value the server holds; new: the one to add
    QString entriesComment; // for the entries we report held

    friend bool operator==(const NameChange &, const NameChange &) = default;
};

// From desired entries to the changes that make a zone hold them, leaving every name we do
// not own alone. Pure: the publisher sends what it says.
struct ZonePlan
{
    QList<NameChange> changes;
    QList<EntryVerdict> refused; // not for this zone, or another owner's
    HostEntries kept;            // desired entries the zone holds for us already

    static ZonePlan make(const HostEntries &desired, const ZoneState &state, const QString &owner);
    // The UPDATE for some of the changes: prerequisites on our registry records make the
    // server refuse it if any name is not (or no longer) as we think.
    static DnsUpdate update(const QString &zone, const QList<NameChange> &changes, quint32 ttl);
    // The zone after these changes landed.
    static void apply(ZoneState *state, const QList<NameChange> &changes);
    // What the zone holds for us, as entries (comments from the desired entries).
    static HostEntries held(const ZoneState &state, const QString &owner,
                            const HostEntries &desired);
};

// True when name is the zone or a name under it.
bool isInZone(const QString &name, const QString &zone);
