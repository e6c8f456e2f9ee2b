#pragma once

#include <QString>

// How a hosts file can be written from this process — the one definition both front-ends
// use: directly when this process may replace it (root in CI, a --hosts-file the user
// owns), through the privileged helper when it is the system's hosts file, else not at all,
// with the reason and the fix.
struct HostsFileAccess
{
    enum class Way
    {
        Direct,
        Helper,
        Impossible
    };

    Way way = Way::Impossible;
    QString problem; // for Impossible: what is wrong and how to fix it

    static HostsFileAccess of(const QString &path);
    static QString systemHostsFile(); // /etc/hosts
    static bool isSystemHostsFile(const QString &path);
};
