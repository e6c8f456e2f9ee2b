#pragma once

#include "entryvalidator.h"
#include "hostmapping.h"

#include <QSet>

#include <functional>

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

// Every context's mappings merged into the one block we write, with the final state and
// reason of each mapping. Pure and deterministic: the same inputs give the same block.
//
// Conflict rule: when sources claim a host with different addresses, the oldest object
// (metadata.creationTimestamp) wins, ties broken by context, namespace, kind and name. A
// newcomer can never take over a name that another object already serves.
class DesiredHosts
{
public:
    struct Result
    {
        HostEntries entries;   // sorted, validated: exactly what the block should hold
        HostMappings mappings; // every mapping with its final state, sorted by host
    };

    // Taken by value: each context's list is released once merged (lower peak memory).
    static Result compute(QList<ContextMappings> contexts, const EntryValidator &validator,
                          const QSet<QString> &namesOutsideBlock, const NameResolver &resolve);

    // "context/ns/Kind/name" reduced to what a hosts-file comment may hold.
    static QString commentFor(const SourceRef &source);
};
