#pragma once

#include "core/hosts/entryvalidator.h"

#include <QMap>
#include <QStringList>

// Which of the desired entries multicast DNS publishes: the names under .local (what
// nss-mdns and macOS resolve by mDNS), each with all its addresses. Plain C++ shared by the
// Avahi (Linux) and dns_sd (macOS) publishers.
struct MdnsNames
{
    QMap<QString, QStringList> hosts; // .local name → its addresses, sorted
    QList<EntryVerdict> refused;      // every other name, with the reason

    static MdnsNames from(const HostEntries &desired);
    static bool isLocal(const QString &host);
    // The entries for some of these hosts, as a publisher reports them held.
    static HostEntries entriesOf(const QMap<QString, QStringList> &hosts,
                                 const HostEntries &desired);
};
