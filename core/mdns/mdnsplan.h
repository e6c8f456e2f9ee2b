#pragma once

#include "core/mdns/mdnsnames.h"

#include <QMap>
#include <QStringList>

// What to change so an mDNS daemon holds the wanted .local names, from what it confirmed it
// holds: plain C++ shared by the Avahi (Linux) and dns_sd (macOS) publishers, so both make
// the same decisions and say the same things.
struct MdnsPlan
{
    QStringList remove; // hosts no longer wanted: all their records go
    QStringList place;  // hosts to register (again) with all their addresses

    // held: host → the addresses the daemon confirmed (a host it has not confirmed is absent).
    static MdnsPlan between(const QMap<QString, QStringList> &held, const MdnsNames &wanted);

    // Why a host is not published when another one on the network answers for it.
    static QString collisionReason(const QString &host);
    // Why it is not published when the daemon refused or failed it.
    static QString refusalReason(const QString &daemon, const QString &host, const QString &why);
};
