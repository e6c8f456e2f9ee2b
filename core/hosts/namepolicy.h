#pragma once

#include "core/hosts/ipaddress.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

// Decides which hosts may ever be written and which addresses they may point at. The
// default only lets private-use names point at private addresses, so a hostile cluster
// cannot aim accounts.google.com at itself. An administrator extends it in a root-owned
// file; nothing a cluster or an unprivileged caller sends can.
class NamePolicy
{
public:
    static QString systemPath(); // /etc/k8s-hosts/policy.conf

    NamePolicy(); // the defaults

    // "allow-domain = dtk.io" and "allow-public-ips = true" lines, '#' comments.
    static std::optional<NamePolicy> parse(const QByteArray &text, QString *error);
    // A missing file means the defaults. With requireRootOwned, a file (or directory) that
    // anyone but root could have written is refused rather than trusted.
    static std::optional<NamePolicy> load(const QString &path, bool requireRootOwned,
                                          QString *error);
    QByteArray toText() const;

    // Who widens the policy. System: the root-owned policy (its file, the helper's SetPolicy
    // and AllowDomains), for every user: single labels and public suffixes (com, co.uk,
    // github.io — the Public Suffix List) are refused, since they would let a cluster name
    // any site under them. PerRun: a process's own --allow-domain for a file it writes
    // itself: the caller's choice (isPublicSuffix() lets it warn).
    enum class Scope
    {
        System,
        PerRun
    };
    bool allowDomain(QStringView suffix, QString *error = nullptr, Scope scope = Scope::PerRun);
    static bool isPublicSuffix(QStringView domain);
    // The name one registers under a public suffix: api.dtk.io → dtk.io, a.b.github.io →
    // b.github.io. What a fix offers to allow, never the suffix itself.
    static QString registrableDomain(QStringView host);
    void setAllowPublicAddresses(bool allow) { m_publicAddresses = allow; }

    static QStringList defaultDomains();
    QStringList extraDomains() const { return m_extraDomains; }
    bool allowsPublicAddresses() const { return m_publicAddresses; }

    // Empty when allowed; otherwise a sentence that says how an administrator allows it.
    QString refusalForHost(QStringView host) const;
    QString refusalForAddress(const IpAddress &address) const;

    friend bool operator==(const NamePolicy &, const NamePolicy &) = default;

private:
    QStringList m_extraDomains;
    bool m_publicAddresses = false;
};
