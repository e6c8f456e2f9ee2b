#pragma once

#include "helper/hostskeeper.h"
#include "helper/policyfile.h"
#include "helper/systemresolver.h"

#include <QHash>

#include <optional>

// The helper's registrations of the local responder with the system resolver, one per
// domain, whatever carries the request: the checks (the domain is one the name policy
// allows, never a public suffix or .local; the responder is on this machine), the file
// written for the resolver in use (SystemResolver), and what survives a restart
// (<state-dir>/resolvers.json: who registered which domain, and whose lease keeps it). It
// owns only the files it created: one that exists already is never replaced or removed.
class ResolverKeeper
{
public:
    struct Registration
    {
        QString domain;
        SystemResolver::Kind kind = SystemResolver::Kind::None;
        QString path; // empty for systemd-resolved (a link, no file)
        QString address;
        quint16 port = 0;
        uint uid = 0;
        QString lease; // the caller keeping it; empty: kept until unregistered
    };
    using Outcome = HostsKeeper::Outcome;

    static constexpr qsizetype maxRegistrations = 16;

    // root prefixes the system's paths ("/" on a real system; a folder in tests). kind: the
    // resolver to use whatever the system looks like (the macOS helper: /etc/resolver);
    // none: chosen from the system at every registration.
    ResolverKeeper(QString root, QString stateDir, const PolicyFile *policy,
                   bool requireRootOwned = true,
                   std::optional<SystemResolver::Kind> kind = std::nullopt);

    // Checks that need no authorization: a bad request never prompts anyone.
    Outcome check(const QString &domain, const QString &address, quint16 port) const;
    // Writes the file for domain (or finds it as we wrote it) and remembers who keeps it;
    // the outcome's message says where ("dnsmasq: /etc/dnsmasq.d/k8s-hosts-apps.test.conf").
    // Outcome::changed: the resolver must read its configuration again.
    Outcome add(uint uid, const QString &domain, const QString &address, quint16 port,
                const QString &lease);
    // Removes what add() wrote for domain; nothing registered is not an error.
    Outcome remove(const QString &domain, const QString &cause, uint uid);

    QList<Registration> registrations() const { return m_registrations.values(); }
    // The domains routed through systemd-resolved, sorted, and the responder's port.
    QStringList resolvedDomains() const;
    quint16 resolvedPort() const;
    std::optional<Registration> registration(const QString &domain) const;
    SystemResolver::Kind lastKind() const { return m_lastKind; }

private:
    Outcome addResolved(uint uid, const QString &domain, const QString &address, quint16 port,
                        const QString &lease);
    bool load(QString *error);
    bool save(QString *error) const;
    QString statePath() const;

    QString m_root;
    QString m_stateDir;
    const PolicyFile *m_policy;
    bool m_requireRootOwned;
    QHash<QString, Registration> m_registrations;
    SystemResolver::Kind m_lastKind = SystemResolver::Kind::None;
    std::optional<SystemResolver::Kind> m_kind;
};
