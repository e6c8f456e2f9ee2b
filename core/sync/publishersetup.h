#pragma once

#include "core/dns/tsigkey.h"
#include "core/hosts/namepolicy.h"
#include "core/resolver/localresponder.h"
#include "core/sink/hostsfileaccess.h"

#include <QList>
#include <QStringList>

#include <optional>

class HostsSink;
class Publisher;
class QObject;

// Where --publish dns sends names.
struct DnsZoneOptions
{
    QString server; // HOST[:PORT]
    QString zone;
    QString keyFile;            // tsig-keygen's key block; empty: unsigned updates
    std::optional<TsigKey> key; // the key itself (the tray's, from the keychain): wins
    quint32 ttl = 60;
    QString owner; // the TXT registry's owner ID; empty: PublisherSetup::defaultOwner()
};

// Where --publish resolver answers, and whether it is registered with the system.
struct ResolverOptions
{
    static constexpr quint16 defaultPort = 15353;
    static QStringList defaultListen()
    {
        return {QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
    }

    QStringList domains; // empty: the domains of wildcard names
    QList<ResponderEndpoint> listen;
    bool listenGiven = false; // false: the defaults, where ::1 may be missing
    bool registerWithSystem = true;
};

// The one place both front-ends get the engine's outputs from: the publishers (our block of
// a hosts file, written by this process or by the privileged helper; a DNS zone; multicast
// DNS) and the name policy they and the views obey. The headless runner and the tray app differ
// only in what they show.
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
        bool keepOnDisconnect = false;           // the helper keeps our block after we go
        bool requireHelper = false;              // fail now when the helper is needed and missing
        bool publishHosts = true;                // our block of the hosts file
        std::optional<DnsZoneOptions> dns;       // RFC 2136 updates to a team's zone
        bool publishMdns = false;                // .local names on multicast DNS
        std::optional<ResolverOptions> resolver; // a local DNS responder, wildcards too
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
    // The DNS publisher for these options (also what --cleanup withdraws); nullptr with
    // *error when the key or the server does not read.
    // The multicast DNS publisher of this platform; nullptr with *error where there is none
    // or its daemon is not there.
    static Publisher *mdnsPublisher(QString *error);
    static bool hasMdns(); // this build has a multicast DNS publisher
    // The local resolver, listening unless told not to; nullptr with *error when it cannot.
    static Publisher *resolverPublisher(const ResolverOptions &options, bool listen,
                                        QString *error);

    static Publisher *dnsPublisher(const DnsZoneOptions &options, const QString &marker,
                                   QString *error, QStringList *warnings);
    // Stable per machine, user and marker, so a restart finds its own names:
    // "k8s-hosts-alice-laptop" (with "-<marker>" for another marker than K8S-HOSTS).
    static QString defaultOwner(const QString &marker);
    // The system's root-owned policy file, or the defaults (with a warning) when it is not
    // trustworthy or does not parse.
    static NamePolicy systemPolicy(QStringList *warnings);
};
