#pragma once

#include "core/hosts/entryvalidator.h"
#include "core/hosts/hostsdocument.h"
#include "core/mapping/hostmapping.h"

#include <QHash>
#include <QSet>

#include <functional>
#include <map>

// One context's mappings and its settings.
struct ContextMappings
{
    QString context;
    HostMappings mappings;
    QString addressOverride; // map every host of this context here (minikube's Docker driver…)
};

// What a DNS lookup of a load balancer's name has given so far.
struct NameResolution
{
    enum Status
    {
        Pending,
        Resolved,
        Failed
    } status = Pending;
    QStringList addresses;
};
using NameResolver = std::function<NameResolution(const QString &name)>;

// The mappings of a context keyed by the object that produced them ("Ingress/ns/name").
using ObjectMappings = QHash<QString, HostMappings>;

// Every context's mappings merged into the one block we write, with the final state and
// reason of each mapping. Deterministic: the same inputs give the same block, whatever
// order they came in.
//
// Kept up to date object by object: replacing one object's mappings re-decides only the
// hosts that object claimed before or claims now, so an event costs the same at ten or ten
// thousand Ingresses. The validator, the names outside the block and the resolver are fixed
// for the table's life; when one changes, the owner builds a new table.
//
// Conflict rule: when sources claim a host with different addresses, the oldest object
// (metadata.creationTimestamp) wins, ties broken by context, namespace, kind and name. A
// newcomer can never take over a name that another object already serves. The winner's
// addresses are all written (a DNS name as every address it resolves to), up to
// EntryValidator::maxAddressesPerHost; the rest are reported OverLimit.
class DesiredHosts
{
public:
    // outside: the names other lines of the hosts file hold (they win over ours: shadowed).
    DesiredHosts(EntryValidator validator, OutsideNames outside, NameResolver resolve);

    // Replaces everything the context had; the override maps all its hosts to one address.
    void setContext(const QString &context, const QString &addressOverride,
                    const ObjectMappings &objects);
    // Replaces these objects' mappings; an empty list removes the object.
    void updateObjects(const QString &context, const ObjectMappings &objects);
    void removeContext(const QString &context);

    // Sorted, validated: exactly what the block should hold.
    HostEntries entries() const;
    // The wildcard names ("*.apps.test") with the addresses a resolver would answer for them:
    // the oldest claim wins as for exact names, and the policy applies to the names they
    // stand for. No hosts file can hold them (entries() never has them); a local resolver can.
    HostEntries wildcardEntries() const;
    // Every mapping with its final state, sorted by host, then source.
    HostMappings mappings() const;
    // Load balancers' DNS names the mappings use: the ones worth keeping resolved.
    QSet<QString> namesInUse() const;
    // A line written earlier may be written again: it passes the validator and no line
    // outside the block names its host.
    bool accepts(const HostEntry &entry) const;

    struct Result
    {
        HostEntries entries;
        HostMappings mappings;
    };
    // A whole merge at once, for callers without a table to keep.
    static Result compute(const QList<ContextMappings> &contexts, const EntryValidator &validator,
                          const OutsideNames &outside, const NameResolver &resolve);

    // "context/ns/Kind/name" reduced to what a hosts-file comment may hold.
    static QString commentFor(const SourceRef &source);
    // The context part of such a comment, as commentFor() wrote it ("kind-dev"); empty when
    // the comment does not say (a long line keeps no comment).
    static QString contextOfComment(const QString &comment);
    // What commentFor() makes of a context's name, to compare with contextOfComment().
    static QString commentContext(const QString &context);

private:
    struct Claim
    {
        QString context; // with object: who made it
        QString object;
        HostMapping mapping; // after the override, name resolution and validation
        // Conflict when an older claim to the host wins, OverLimit when the name has too many
        // addresses; Active otherwise.
        MappingState lostState = MappingState::Active;
        QString lostReason;
    };
    struct Host
    {
        QList<Claim> claims; // sorted by source, then address
        HostEntries entries; // the winner's lines, at most maxAddressesPerHost
    };

    class Batch
    {
    public:
        Batch(DesiredHosts *table, qsizetype objects);
        ~Batch();
        Q_DISABLE_COPY_MOVE(Batch)

    private:
        DesiredHosts *m_table;
        bool m_rebuild;
    };

    void removeObject(const QString &context, const QString &object);
    void addObject(const QString &context, const QString &object, const HostMappings &mappings);
    HostMappings prepared(HostMapping m, const QString &addressOverride) const;
    HostMapping validated(HostMapping m) const;
    void settle(const QString &name, Host *host);
    void placeEntries(const QString &host, const HostEntries &entries);
    void countName(const HostMapping &m, int delta);

    EntryValidator m_validator;
    OutsideNames m_outside;
    NameResolver m_resolve;
    std::map<QString, Host> m_hosts; // by canonical host name: the block's order
    QHash<QString, QHash<QString, QStringList>> m_hostsOf; // context → object → its hosts
    QHash<QString, QString> m_overrides;                   // context → address override
    QHash<QString, int> m_nameUses;
    HostEntries m_entries; // every host's lines, sorted
    bool m_batch = false;  // many objects at once: m_entries is built at the end
};
