#pragma once

#include "core/hosts/namepolicy.h"
#include "core/sink/hostsfileaccess.h"

#include <QList>
#include <QStringList>

#include <optional>

class HostsSink;
class Publisher;
class QObject;

// The one place both front-ends get the engine's outputs from: the publishers (today our
// block of a hosts file, written by this process or by the privileged helper) and the name
// policy they and the views obey. The headless runner and the tray app differ only in what
// they show.
struct PublisherSetup
{
    struct Options
    {
        QString hostsFile = HostsFileAccess::systemHostsFile();
        QString marker;
        bool dryRun = false;
        // Widen the policy for this run; only where this process writes the file itself
        // (the helper obeys its own root-owned policy file alone).
        QStringList allowDomains;
        bool allowPublicIps = false;
        bool keepOnDisconnect = false; // the helper keeps our block after we go
        bool requireHelper = false;    // fail now when the helper is needed and missing
    };

    QList<Publisher *> publishers; // for the engine, which takes them
    NamePolicy policy;
    HostsFileAccess::Way hostsWay = HostsFileAccess::Way::Direct;
    HostsSink *hostsSink = nullptr; // how the block is written (owned by its publisher)
    QStringList warnings;           // to say once
    // Why the hosts file cannot be written at all, with the fix; empty when it can. The
    // publishers exist anyway (their writes fail with this reason), so a window can show it.
    QString error;

    static PublisherSetup build(const Options &options);
    // The system's root-owned policy file, or the defaults (with a warning) when it is not
    // trustworthy or does not parse.
    static NamePolicy systemPolicy(QStringList *warnings);
};
