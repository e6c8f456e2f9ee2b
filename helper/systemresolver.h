#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// Which resolver of this system the helper can ask to send one domain's queries to the local
// responder, and what it writes for that. Plain decisions, so Linux tests cover the macOS
// case too; the helpers act on them (files, a restart of dnsmasq).
//
// dns_publishing.md §3: macOS reads /etc/resolver/<domain>; dnsmasq (standalone, or
// NetworkManager's dns=dnsmasq) reads server=/<domain>/<addr>#<port> from a drop-in at its
// start; a resolv.conf-only system has no per-domain routing at all; systemd-resolved
// routes per link only, refuses the loopback link and sends a link's queries out of that
// link — so the helper keeps a link of its own whose address the responder answers on too.
struct SystemResolver
{
    enum class Kind
    {
        ResolverFile,          // macOS: /etc/resolver/<domain>
        Dnsmasq,               // /etc/dnsmasq.d/, the standalone dnsmasq service
        NetworkManagerDnsmasq, // /etc/NetworkManager/dnsmasq.d/, NetworkManager's dnsmasq
        SystemdResolved,       // per-link DNS on the helper's own link (no file)
        None,                  // nothing k8s-hosts can register with: instructions only
    };

    // What the choice rests on, read from the system (gather) or given by a test.
    struct Facts
    {
        bool macOS = false;
        QStringList nameservers;                // /etc/resolv.conf, in order
        bool networkManagerUsesDnsmasq = false; // [main] dns=dnsmasq
        bool dnsmasqConfDir = false;            // /etc/dnsmasq.d exists
        bool resolvedStub = false;              // resolv.conf names 127.0.0.53 (systemd-resolved)
    };

    // root prefixes every path ("/" on a real system; a folder in tests).
    static Facts gather(const QString &root);
    // The resolver to register with, or None and the reason (with what to do) in *why.
    static Kind choose(const Facts &facts, QString *why);
    static QString nameOf(Kind kind); // "dnsmasq": for logs and the caller's answer

    // The address of the helper's link for systemd-resolved (RFC 7600's IPv4 dummy address,
    // which nothing routes): resolved asks the responder there, on the responder's port.
    static QString resolvedLinkAddress() { return QStringLiteral("192.0.0.8"); }

    // The file the helper writes for domain, under root; empty for SystemdResolved.
    static QString filePath(Kind kind, const QString &root, const QString &domain);
    // Its content: a responder on address (an IP) and port.
    static QByteArray fileContent(Kind kind, const QString &domain, const QString &address,
                                  quint16 port);
    // The first line of every file we write: a file without it is not ours.
    static QByteArray signature();
};
