#pragma once

#include "core/hosts/hostentry.h"

#include <QHash>
#include <QSet>
#include <QStringList>

// What the local responder answers for a question.
struct ResolverAnswer
{
    enum class Kind
    {
        Addresses, // the name has addresses of the asked family
        NoData,    // the name exists, without records of that type
        NxDomain,  // no such name under our domain
        Refused,   // not under any of our domains
    };
    Kind kind = Kind::Refused;
    QStringList addresses; // for Addresses
    QString domain;        // the domain the name is under (for the SOA of negative answers)
};

// The names the local responder serves, for its domains only: exact names and wildcards
// ("*.apps.test" answers a.apps.test and b.c.apps.test), by RFC 4592's rule — a wildcard
// answers only below the closest name that exists, so an exact name, or any name beneath
// it, is never answered by a wildcard above. Plain C++, immutable once built.
class ResolverZone
{
public:
    ResolverZone() = default;
    // domains: lower case, without trailing dots. entries may name hosts outside them:
    // those are not served (outside() lists them).
    ResolverZone(const QStringList &domains, const HostEntries &entries);

    enum class Family
    {
        V4,
        V6,
        Other, // any other type: names that exist answer NODATA
    };
    ResolverAnswer lookup(const QString &name, Family family) const;

    const QStringList &domains() const { return m_domains; }
    const HostEntries &served() const { return m_served; }
    const HostEntries &outside() const { return m_outside; }
    // The longest of our domains the name is under (or is); empty when none.
    QString domainOf(const QString &name) const;

    // The domains wildcards imply: "*.apps.test" → "apps.test" (sorted, no duplicates).
    static QStringList wildcardDomains(const HostEntries &entries);

private:
    QStringList m_domains;                   // longest first
    QHash<QString, QStringList> m_names;     // exact name → addresses
    QHash<QString, QStringList> m_wildcards; // "apps.test" for "*.apps.test" → addresses
    QSet<QString> m_nodes; // every name that exists: names, wildcards' parents, their ancestors
    HostEntries m_served;
    HostEntries m_outside;
};
