#include "core/mdns/mdnsplan.h"

MdnsPlan MdnsPlan::between(const QMap<QString, QStringList> &held, const MdnsNames &wanted)
{
    MdnsPlan plan;
    for (auto it = held.cbegin(); it != held.cend(); ++it) {
        if (!wanted.hosts.contains(it.key()))
            plan.remove.append(it.key());
    }
    for (auto it = wanted.hosts.cbegin(); it != wanted.hosts.cend(); ++it) {
        // Addresses are compared as sets: both sides are sorted.
        if (held.value(it.key()) != *it)
            plan.place.append(it.key());
    }
    return plan;
}

QString MdnsPlan::collisionReason(const QString &host)
{
    return QStringLiteral("another host on the network already answers for %1 (mDNS name "
                          "collision); k8s-hosts does not rename it: choose another name or stop "
                          "the other host's")
        .arg(host);
}

QString MdnsPlan::refusalReason(const QString &daemon, const QString &host, const QString &why)
{
    return QStringLiteral("%1 could not publish %2 (%3)").arg(daemon, host, why);
}
