#include "core/hosts/reservednames.h"

#include "core/hosts/hostname.h"

#include <QSysInfo>

namespace {

// Exact names: the loopback aliases Debian and macOS ship, and what Docker Desktop writes.
constexpr QStringView exactNames[] = {
    u"localhost",      u"localhost.localdomain", u"broadcasthost",   u"ip6-localhost",
    u"ip6-loopback",   u"ip6-localnet",          u"ip6-mcastprefix", u"ip6-allnodes",
    u"ip6-allrouters", u"ip6-allhosts",          u"invalid",
};

// Whole subtrees: RFC 6761 special-use names, reverse DNS, Docker Desktop's own names.
constexpr QStringView reservedSuffixes[] = {
    u"localhost",
    u"invalid",
    u"arpa",
    u"docker.internal",
};

} // namespace

ReservedNames ReservedNames::forThisMachine()
{
    return ReservedNames(QSysInfo::machineHostName());
}

ReservedNames::ReservedNames(const QString &machineName)
    : m_machineName(Hostname::normalize(machineName).value_or(QString()))
{}

QString ReservedNames::reasonFor(QStringView host) const
{
    for (QStringView name : exactNames) {
        if (host == name)
            return QStringLiteral("%1 is a reserved name that resolvers answer themselves")
                .arg(host);
    }
    for (QStringView suffix : reservedSuffixes) {
        if (Hostname::isUnder(host, suffix))
            return QStringLiteral("names under .%1 are reserved and never mapped").arg(suffix);
    }
    if (!m_machineName.isEmpty()) {
        // The machine's name as configured, and its short form (its FQDN's first label).
        const qsizetype dot = m_machineName.indexOf(u'.');
        const QStringView shortName =
            dot < 0 ? QStringView(m_machineName) : QStringView(m_machineName).first(dot);
        if (host == m_machineName || host == shortName)
            return QStringLiteral("%1 is this machine's own name").arg(host);
    }
    return {};
}
