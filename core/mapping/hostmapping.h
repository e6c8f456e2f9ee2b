#pragma once

#include <QList>
#include <QString>

// What a mapping is doing, as the table and the logs show it.
enum class MappingState
{
    Active,
    WaitingForAddress, // no load-balancer address yet
    Resolving,         // the address is a DNS name being looked up
    Unresolvable,      // the DNS name did not resolve
    NotAccepted,       // a route its Gateway has not accepted (yet)
    Conflict,          // another source claims the host with another address and wins
    OverLimit,         // the name has EntryValidator::maxAddressesPerHost addresses already
    Wildcard,          // hosts files cannot hold wildcards
    Blocked,           // the name policy or the reserved names refuse it
    Shadowed,          // a line outside our block names the host already
    Invalid,           // not a valid host name or address
};

QString describeMappingState(MappingState state);

// Which object produced a mapping: "kind-dev/tyk/Ingress/dashboard".
struct SourceRef
{
    QString context;
    QString ns;
    QString kind; // Ingress, Service, HTTPRoute, GRPCRoute, TLSRoute
    QString name;
    QString created;

    QString toString() const;
    friend bool operator==(const SourceRef &, const SourceRef &) = default;
};

// host → address, from one source. The address is an IP, or a DNS name still to resolve.
struct HostMapping
{
    QString host;
    QString address;
    bool addressIsName = false; // address is a load balancer's DNS name
    QString via;                // the DNS name the address came from, for display
    SourceRef source;
    MappingState state = MappingState::Active;
    QString reason; // a sentence for every state but Active
    QString origin; // the field or annotation that named the host ("spec.tls[].hosts")

    friend bool operator==(const HostMapping &, const HostMapping &) = default;
};

using HostMappings = QList<HostMapping>;
