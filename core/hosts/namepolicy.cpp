#include "core/hosts/namepolicy.h"

#include "core/hosts/hostname.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <libpsl.h>
#include <sys/stat.h>

namespace {

bool setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

// The Public Suffix List: the newest of libpsl's built-in copy and the system's
// (/usr/share/publicsuffix), loaded once.
const psl_ctx_t *publicSuffixes()
{
    static const psl_ctx_t *const psl = [] {
        const psl_ctx_t *latest = psl_latest(nullptr);
        return latest ? latest : psl_builtin();
    }();
    return psl;
}

bool isTrustedByRoot(const QString &path, QString *error)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return true; // absent: nothing to trust
    if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
        return setError(error, QStringLiteral("%1 is not owned by root or is writable by others; "
                                              "fix it with: sudo chown root:root %1 && sudo chmod "
                                              "go-w %1")
                                   .arg(path));
    return true;
}

} // namespace

QString NamePolicy::systemPath()
{
    return QStringLiteral("/etc/k8s-hosts/policy.conf");
}

NamePolicy::NamePolicy() = default;

QStringList NamePolicy::defaultDomains()
{
    // Built once: every check of every entry asks for it.
    static const QStringList domains = {QStringLiteral("local"),    QStringLiteral("test"),
                                        QStringLiteral("internal"), QStringLiteral("example"),
                                        QStringLiteral("lan"),      QStringLiteral("localdomain")};
    return domains;
}

std::optional<NamePolicy> NamePolicy::parse(const QByteArray &text, QString *error)
{
    NamePolicy policy;
    int lineNumber = 0;
    for (const QByteArray &rawLine : text.split('\n')) {
        ++lineNumber;
        const qsizetype hash = rawLine.indexOf('#');
        const QByteArray line = (hash < 0 ? rawLine : rawLine.left(hash)).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype equals = line.indexOf('=');
        const QString key = QString::fromUtf8(line.left(equals).trimmed());
        const QString value = QString::fromUtf8(line.mid(equals + 1).trimmed());
        QString why;
        if (equals < 0) {
            why = QStringLiteral("expected \"key = value\"");
        } else if (key == u"allow-domain") {
            policy.allowDomain(value, &why, Scope::System);
        } else if (key == u"allow-public-ips") {
            if (value == u"true" || value == u"false")
                policy.m_publicAddresses = value == u"true";
            else
                why = QStringLiteral("allow-public-ips takes true or false");
        } else {
            why = QStringLiteral("unknown setting \"%1\" (known: allow-domain, allow-public-ips)")
                      .arg(key);
        }
        if (!why.isEmpty()) {
            setError(error, QStringLiteral("line %1: %2").arg(lineNumber).arg(why));
            return std::nullopt;
        }
    }
    return policy;
}

std::optional<NamePolicy> NamePolicy::load(const QString &path, bool requireRootOwned,
                                           QString *error)
{
    QFile file(path);
    if (!file.exists())
        return NamePolicy();
    if (requireRootOwned &&
        (!isTrustedByRoot(QFileInfo(path).absolutePath(), error) || !isTrustedByRoot(path, error)))
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    QString why;
    auto policy = parse(file.read(1 << 20), &why);
    if (!policy)
        setError(error, QStringLiteral("%1: %2").arg(path, why));
    return policy;
}

QByteArray NamePolicy::toText() const
{
    QByteArray text = "# k8s-hosts name policy: which hosts a cluster may write to /etc/hosts.\n"
                      "# Built in: names under .local .test .internal .example .lan "
                      ".localdomain,\n# pointing at loopback, private, CGNAT or ULA addresses.\n";
    for (const QString &domain : m_extraDomains)
        text += "allow-domain = " + domain.toLatin1() + '\n';
    if (m_publicAddresses)
        text += "allow-public-ips = true\n";
    return text;
}

bool NamePolicy::isPublicSuffix(QStringView domain)
{
    const QByteArray name = domain.toString().toLower().toUtf8();
    const psl_ctx_t *psl = publicSuffixes();
    return !domain.contains(u'.') ||
           (psl && psl_is_public_suffix2(psl, name.constData(), PSL_TYPE_ANY));
}

QString NamePolicy::registrableDomain(QStringView host)
{
    const QByteArray name = host.toString().toLower().toUtf8();
    const psl_ctx_t *psl = publicSuffixes();
    const char *registrable = psl ? psl_registrable_domain(psl, name.constData()) : nullptr;
    return registrable ? QString::fromUtf8(registrable) : QString();
}

bool NamePolicy::allowDomain(QStringView suffix, QString *error, Scope scope)
{
    QStringView trimmed = suffix.trimmed();
    if (trimmed.startsWith(u"*."))
        trimmed = trimmed.mid(2);
    else if (trimmed.startsWith(u'.'))
        trimmed = trimmed.mid(1);
    QString why;
    const auto domain = Hostname::normalize(trimmed, &why);
    if (!domain)
        return setError(error, QStringLiteral("\"%1\" is not a domain: it %2").arg(suffix, why));
    if (scope == Scope::System && !defaultDomains().contains(*domain) && isPublicSuffix(*domain))
        return setError(
            error,
            QStringLiteral("%1 is a public suffix (or a top-level domain): allowing it would let "
                           "any cluster name every site under it; allow the domain you own "
                           "under it instead (like example.%1)")
                .arg(*domain));
    if (!defaultDomains().contains(*domain) && !m_extraDomains.contains(*domain))
        m_extraDomains.append(*domain);
    return true;
}

QString NamePolicy::refusalForHost(QStringView host) const
{
    const auto allowed = [host](const QStringList &domains) {
        return std::any_of(domains.begin(), domains.end(),
                           [host](const QString &d) { return Hostname::isUnder(host, d); });
    };
    if (allowed(defaultDomains()) || allowed(m_extraDomains))
        return {};
    const QString registrable = registrableDomain(host);
    const QString domain = registrable.isEmpty() ? host.toString() : registrable;
    return QStringLiteral("blocked by policy: %1 is not under an allowed domain; an administrator "
                          "can allow it with \"allow-domain = %2\" in %3 (or --allow-domain %2 "
                          "when k8s-hosts writes the file itself)")
        .arg(host, domain, systemPath());
}

QString NamePolicy::refusalForAddress(const IpAddress &address) const
{
    switch (address.scope()) {
    case AddressScope::Loopback:
    case AddressScope::Private:
    case AddressScope::SharedCgnat:
    case AddressScope::UniqueLocal:
        return {};
    case AddressScope::Public:
        if (m_publicAddresses)
            return {};
        return QStringLiteral("blocked by policy: %1 is a public address; an administrator can "
                              "allow public addresses with \"allow-public-ips = true\" in %2 (or "
                              "--allow-public-ips when k8s-hosts writes the file itself)")
            .arg(address.toString(), systemPath());
    default:
        return QStringLiteral("%1 is a %2 address and is never written")
            .arg(address.toString(), describeScope(address.scope()));
    }
}
