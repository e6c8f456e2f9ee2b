#pragma once

#include "core/sync/publishersetup.h"

#include <QString>

#include <optional>

// --cleanup: remove our block from the hosts file and exit, as the Go controller's flag does;
// with --publish dns, also the names we own in the zone (and only those). Multicast DNS names
// live only as long as the process that published them. Returns the exit code.
struct CleanupCommand
{
    QString hostsFile;
    QString marker;
    bool force = false;
    bool hosts = true;
    std::optional<DnsZoneOptions> dns;
    bool mdns = false; // nothing to remove: the names went with the process that published them

    int run() const;

private:
    int cleanHostsFile() const;
    int cleanZone() const;
};
