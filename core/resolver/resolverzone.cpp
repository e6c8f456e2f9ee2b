#include "core/resolver/resolverzone.h"

#include <QHostAddress>

#include <algorithm>

namespace {

QString canonical(QString name)
{
    name = name.toLower();
    if (name.endsWith(u'.'))
        name.chop(1);
    return name;
}

bool isUnder(const QString &name, const QString &domain)
{
    return name == domain || (name.size() > domain.size() && name.endsWith(domain) &&
                              name.at(name.size() - domain.size() - 1) == u'.');
}

QString parentOf(const QString &name)
{
    const qsizetype dot = name.indexOf(u'.');
    return dot < 0 ? QString() : name.mid(dot + 1);
}

bool isV6(const QString &address)
{
    return QHostAddress(address).protocol() == QAbstractSocket::IPv6Protocol;
}

} // namespace

ResolverZone::ResolverZone(const QStringList &domains, const HostEntries &entries)
{
    for (const QString &d : domains) {
        const QString domain = canonical(d);
        if (!domain.isEmpty() && !m_domains.contains(domain))
            m_domains.append(domain);
    }
    std::sort(m_domains.begin(), m_domains.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const HostEntry &e : entries) {
        const QString host = canonical(e.host);
        const bool wildcard = host.startsWith(QLatin1String("*."));
        const QString node = wildcard ? host.mid(2) : host;
        const QString domain = domainOf(node);
        if (domain.isEmpty() || (wildcard && !isUnder(node, domain))) {
            m_outside.append(e);
            continue;
        }
        QStringList &addresses = (wildcard ? m_wildcards : m_names)[node];
        if (!addresses.contains(e.ip))
            addresses.append(e.ip);
        m_served.append(e);
        // The name and its ancestors down to the domain exist (empty non-terminals too).
        for (QString n = node; !n.isEmpty() && isUnder(n, domain); n = parentOf(n))
            m_nodes.insert(n);
    }
    for (const QString &domain : std::as_const(m_domains))
        m_nodes.insert(domain); // the apex exists: it has the SOA
}

QString ResolverZone::domainOf(const QString &name) const
{
    for (const QString &domain : m_domains) {
        if (isUnder(name, domain))
            return domain;
    }
    return {};
}

ResolverAnswer ResolverZone::lookup(const QString &question, Family family) const
{
    ResolverAnswer answer;
    const QString name = canonical(question);
    answer.domain = domainOf(name);
    if (answer.domain.isEmpty())
        return answer; // Refused
    const auto pick = [&](const QStringList &addresses) {
        if (family != Family::Other) {
            for (const QString &a : addresses) {
                if (isV6(a) == (family == Family::V6))
                    answer.addresses.append(a);
            }
        }
        answer.kind = answer.addresses.isEmpty() ? ResolverAnswer::Kind::NoData
                                                 : ResolverAnswer::Kind::Addresses;
        return answer;
    };
    if (const auto exact = m_names.constFind(name); exact != m_names.cend())
        return pick(*exact);
    if (m_nodes.contains(name))
        return pick({}); // a wildcard's parent, an ancestor of names, or the apex
    // The closest encloser: the longest ancestor that exists; only its wildcard may answer.
    for (QString n = parentOf(name); !n.isEmpty() && isUnder(n, answer.domain); n = parentOf(n)) {
        if (!m_nodes.contains(n))
            continue;
        if (const auto wild = m_wildcards.constFind(n); wild != m_wildcards.cend())
            return pick(*wild);
        break;
    }
    answer.kind = ResolverAnswer::Kind::NxDomain;
    return answer;
}

QStringList ResolverZone::wildcardDomains(const HostEntries &entries)
{
    QStringList domains;
    for (const HostEntry &e : entries) {
        const QString host = canonical(e.host);
        if (host.startsWith(QLatin1String("*.")) && host.count(u'.') >= 2)
            domains.append(host.mid(2));
    }
    std::sort(domains.begin(), domains.end());
    domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
    return domains;
}
