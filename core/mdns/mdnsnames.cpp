#include "core/mdns/mdnsnames.h"

#include <algorithm>

bool MdnsNames::isLocal(const QString &host)
{
    return host.size() > 6 && host.endsWith(u".local", Qt::CaseInsensitive);
}

MdnsNames MdnsNames::from(const HostEntries &desired)
{
    MdnsNames names;
    for (const HostEntry &e : desired) {
        if (!isLocal(e.host)) {
            names.refused.append(
                {e, EntryState::BlockedByPolicy,
                 QStringLiteral("%1 is not a .local name; multicast DNS answers only .local "
                                "names (publish it with --publish hosts or dns)")
                     .arg(e.host)});
            continue;
        }
        QStringList &addresses = names.hosts[e.host.toLower()];
        if (!addresses.contains(e.ip))
            addresses.append(e.ip);
    }
    for (QStringList &addresses : names.hosts)
        addresses.sort();
    return names;
}

HostEntries MdnsNames::entriesOf(const QMap<QString, QStringList> &hosts,
                                 const HostEntries &desired)
{
    HostEntries out;
    for (const HostEntry &e : desired) {
        if (hosts.value(e.host.toLower()).contains(e.ip))
            out.append(e);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end(),
                          [](const HostEntry &a, const HostEntry &b) {
                              return a.host == b.host && a.ip == b.ip;
                          }),
              out.end());
    return out;
}
