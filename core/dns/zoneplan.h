#pragma once

#include "core/dns/dnsrecord.h"
#include "core/hosts/entryvalidator.h"

#include <QHash>
#include <QStringList>

#include <optional>

// A name and a record type: "where" in a zone.
using NameAndType = std::pair<QString, RecordType>;
size_t qHash(const NameAndType &key, size_t seed = 0) noexcept;

// What a zone holds that matters to us: the A and AAAA records at each name, and the TXT
// registry records that say who owns them. A change costs one lookup; ownedBy() walks the
// names once, with each registry value's owner read when it was stored.
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
    // Whose that registry value says the records are (TxtRegistry::ownerOf, read once).
    std::optional<QString> owner(const QString &name, RecordType type) const;
    // (name, type) of every record whose registry names this owner, sorted (or in any order,
    // for a caller that sorts what it keeps).
    enum class Order
    {
        Sorted,
        Any
    };
    QList<NameAndType> ownedBy(const QString &owner, Order order = Order::Sorted) const;

    void setAddresses(const QString &name, RecordType type, QStringList addresses);
    void setRegistry(const QString &name, RecordType type, std::optional<QString> value);

    friend bool operator==(const ZoneState &, const ZoneState &) = default;

private:
    struct Slot
    {
        QStringList addresses;           // sorted
        std::optional<QString> registry; // the TXT value at its ownership record
        std::optional<QString> owner;    // TxtRegistry::ownerOf(registry)

        bool isEmpty() const { return addresses.isEmpty() && !registry; }
        friend bool operator==(const Slot &, const Slot &) = default;
    };

    void setOrDrop(const NameAndType &key, const Slot &slot);

    QString m_zone;
    QHash<NameAndType, Slot> m_slots; // never an empty slot, so equal zones compare equal
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
