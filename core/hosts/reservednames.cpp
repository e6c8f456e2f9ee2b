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

// Names other programs on this machine trust to mean something: cloud instance metadata
// (tokens and project data are fetched from them), and the container runtimes' names for
// the host and its gateway.
constexpr QStringView securityNames[] = {
    u"metadata",
    u"metadata.google.internal",
    u"metadata.goog",
    u"host.containers.internal",
    u"host.lima.internal",
    u"host.rancher-desktop.internal",
    u"host.orb.internal",
    u"host.k3d.internal",
    u"host.minikube.internal",
    u"control-plane.minikube.internal",
    u"gateway.containers.internal",
};
constexpr QStringView securitySuffixes[] = {
    u"ec2.internal",     // AWS VPC names, instance-data.ec2.internal among them
    u"compute.internal", // AWS names in other regions
};

bool isSecurityName(QStringView host)
{
    for (QStringView name : securityNames) {
        if (host == name)
            return true;
    }
    for (QStringView suffix : securitySuffixes) {
        if (host == suffix || Hostname::isUnder(host, suffix))
            return true;
    }
    // instance-data, instance-data.<anything> (AWS metadata); wpad.<anything> (proxy
    // auto-discovery: whoever answers it sees every web request).
    const QStringView first = host.first(host.indexOf(u'.') < 0 ? host.size() : host.indexOf(u'.'));
    return first == u"instance-data" || first == u"wpad";
}

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
    if (isSecurityName(host))
        return QStringLiteral("%1 is reserved: programs on this machine trust it (cloud "
                              "metadata, proxy discovery or a container runtime's host name)")
            .arg(host);
    if (!m_machineName.isEmpty()) {
        // The machine's name as configured, its short form (its FQDN's first label), and the
        // short form under the local suffixes mDNS and home routers give it.
        const qsizetype dot = m_machineName.indexOf(u'.');
        const QStringView shortName =
            dot < 0 ? QStringView(m_machineName) : QStringView(m_machineName).first(dot);
        const auto local = [&](QStringView suffix) {
            return host.size() == shortName.size() + 1 + suffix.size() &&
                   host.startsWith(shortName) && host[shortName.size()] == u'.' &&
                   host.endsWith(suffix);
        };
        if (host == m_machineName || host == shortName || local(u"local") ||
            local(u"localdomain") || local(u"lan"))
            return QStringLiteral("%1 is this machine's own name").arg(host);
    }
    return {};
}
