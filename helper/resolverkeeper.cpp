#include "helper/resolverkeeper.h"

#include "core/hosts/hostname.h"
#include "core/hosts/ipaddress.h"
#include "core/hosts/namepolicy.h"
#include "helper/helperlog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using Outcome = ResolverKeeper::Outcome;
using Kind = SystemResolver::Kind;

constexpr qint64 maxFileBytes = 64 * 1024;

Outcome invalid(const QString &message)
{
    return Outcome::refused(HelperProtocol::Error::InvalidArgument,
                            message + QStringLiteral("; nothing was registered"));
}

Outcome failed(const QString &message)
{
    return Outcome::refused(HelperProtocol::Error::Failed, message);
}

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// A folder only root can change: nobody can swap our file for a link meanwhile.
bool trustedFolder(const QString &dir, bool requireRootOwned, QString *error)
{
    struct stat st = {};
    if (::lstat(QFile::encodeName(dir).constData(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        *error = QStringLiteral("%1 is not a folder").arg(dir);
        return false;
    }
    if (requireRootOwned && (st.st_uid != 0 || (st.st_mode & 022) != 0)) {
        *error = QStringLiteral("%1 can be changed by others than root; nothing is written there")
                     .arg(dir);
        return false;
    }
    return true;
}

QByteArray readOurs(const QString &path, bool *exists)
{
    QFile file(path);
    *exists = QFileInfo(path).exists() || QFileInfo(path).isSymLink();
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(maxFileBytes);
}

// Written beside it and renamed over it: a reader sees the old file or the new one.
bool writeFile(const QString &path, const QByteArray &content, mode_t mode, QString *error)
{
    const QString temp = path + QStringLiteral(".k8s-hosts-new");
    ::unlink(QFile::encodeName(temp).constData());
    const int fd = ::open(QFile::encodeName(temp).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        *error = QStringLiteral("cannot create %1: %2").arg(temp, errnoText());
        return false;
    }
    const bool written =
        ::fchmod(fd, mode) == 0 &&
        ::write(fd, content.constData(), size_t(content.size())) == ssize_t(content.size()) &&
        ::fsync(fd) == 0;
    const QString why = errnoText();
    ::close(fd);
    if (!written ||
        ::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) != 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, written ? errnoText() : why);
        ::unlink(QFile::encodeName(temp).constData());
        return false;
    }
    return true;
}

} // namespace

ResolverKeeper::ResolverKeeper(QString root, QString stateDir, const PolicyFile *policy,
                               bool requireRootOwned, std::optional<SystemResolver::Kind> kind)
    : m_root(std::move(root))
    , m_stateDir(std::move(stateDir))
    , m_policy(policy)
    , m_requireRootOwned(requireRootOwned)
    , m_kind(kind)
{
    if (m_root.endsWith(u'/'))
        m_root.chop(1);
    QString error;
    if (!load(&error))
        qCWarning(lcHelper).noquote() << error << "- starting without it";
}

Outcome ResolverKeeper::check(const QString &domain, const QString &address, quint16 port) const
{
    QString why;
    const std::optional<QString> name = Hostname::normalize(domain.left(300), &why);
    if (!name || *name != domain)
        return invalid(
            name ? QStringLiteral("give the domain in lower case, without a dot at "
                                  "the end (%1)")
                       .arg(*name)
                 : QStringLiteral("\"%1\" is not a domain: it %2").arg(domain.left(80), why));
    if (!domain.contains(u'.'))
        return invalid(QStringLiteral("%1 is a whole top-level domain; register one under it "
                                      "(like apps.%1)")
                           .arg(domain));
    if (Hostname::isUnder(domain, u"local"))
        return invalid(
            QStringLiteral("%1 is under .local, which belongs to multicast DNS").arg(domain));
    if (NamePolicy::isPublicSuffix(domain))
        return invalid(QStringLiteral("%1 is a public suffix").arg(domain));
    const std::optional<IpAddress> ip = IpAddress::parse(address);
    if (!ip || ip->scope() != AddressScope::Loopback || ip->toString() != address)
        return invalid(QStringLiteral("the responder must be on this machine's loopback "
                                      "(127.0.0.0/8 or ::1), not \"%1\"")
                           .arg(address.left(60)));
    if (port == 0)
        return invalid(QStringLiteral("port 0 is not a port"));
    std::optional<NamePolicy> policy = m_policy->load(&why);
    if (!policy)
        return failed(why);
    if (const QString refusal = policy->refusalForHost(domain); !refusal.isEmpty())
        return invalid(refusal);
    return {};
}

std::optional<ResolverKeeper::Registration>
ResolverKeeper::registration(const QString &domain) const
{
    const auto it = m_registrations.constFind(domain);
    return it == m_registrations.cend() ? std::nullopt : std::optional(*it);
}

Outcome ResolverKeeper::add(uint uid, const QString &domain, const QString &address, quint16 port,
                            const QString &lease)
{
    if (const Outcome refused = check(domain, address, port); !refused.ok())
        return refused;
    QString why;
    const Kind kind =
        m_kind ? *m_kind : SystemResolver::choose(SystemResolver::gather(m_root), &why);
    m_lastKind = kind;
    if (kind == Kind::None)
        return failed(why);
    if (!m_registrations.contains(domain) && m_registrations.size() >= maxRegistrations)
        return failed(QStringLiteral("%1 domains are registered already; unregister one first")
                          .arg(maxRegistrations));
    if (kind == Kind::SystemdResolved)
        return addResolved(uid, domain, address, port, lease);
    const QString path = SystemResolver::filePath(kind, m_root, domain);
    const QString dir = QFileInfo(path).absolutePath();
    if (!QFileInfo(dir).exists() && ::mkdir(QFile::encodeName(dir).constData(), 0755) != 0)
        return failed(QStringLiteral("cannot create %1: %2").arg(dir, errnoText()));
    if (!trustedFolder(dir, m_requireRootOwned, &why))
        return failed(why);
    bool exists = false;
    const QByteArray held = readOurs(path, &exists);
    const std::optional<Registration> known = registration(domain);
    const bool ours = known && known->path == path && held.startsWith(SystemResolver::signature());
    if (exists && !ours)
        return failed(QStringLiteral("%1 exists and k8s-hosts did not write it: it is left as it "
                                     "is; remove it or route %2 yourself")
                          .arg(path, domain));
    const QByteArray content = SystemResolver::fileContent(kind, domain, address, port);
    Outcome outcome;
    if (held != content) {
        if (!writeFile(path, content, 0644, &why))
            return failed(why);
        outcome.changed = true;
    }
    // A registration through another resolver before (the system changed): its file goes.
    if (known && known->path != path)
        QFile::remove(known->path);
    m_registrations.insert(domain, {domain, kind, path, address, port, uid, lease});
    if (!save(&why))
        qCWarning(lcHelper).noquote() << "cannot keep the registration of" << domain << ":" << why;
    outcome.message = QStringLiteral("%1: %2").arg(SystemResolver::nameOf(kind), path);
    return outcome;
}

// No file: the helper's link carries every such domain to one responder, for as long as the
// helper holds the link — so only while its caller stays.
Outcome ResolverKeeper::addResolved(uint uid, const QString &domain, const QString &address,
                                    quint16 port, const QString &lease)
{
    if (lease.isEmpty())
        return invalid(QStringLiteral("through systemd-resolved a domain is routed only while "
                                      "the caller stays (the helper's link goes with it)"));
    const quint16 taken = resolvedPort();
    const QStringList others = resolvedDomains();
    if (taken != 0 && taken != port && !(others.size() == 1 && others.first() == domain))
        return failed(QStringLiteral("systemd-resolved sends every domain on k8s-hosts' link to "
                                     "one responder, and %1 goes to port %2 already; use that "
                                     "port, or unregister it first")
                          .arg(others.join(QStringLiteral(", ")))
                          .arg(taken));
    const std::optional<Registration> known = registration(domain);
    Outcome outcome;
    outcome.changed = !known || known->port != port || known->kind != Kind::SystemdResolved;
    if (known && !known->path.isEmpty())
        QFile::remove(known->path);
    m_registrations.insert(domain, {domain, Kind::SystemdResolved, {}, address, port, uid, lease});
    QString why;
    if (!save(&why))
        qCWarning(lcHelper).noquote() << "cannot keep the registration of" << domain << ":" << why;
    outcome.message = QStringLiteral("systemd-resolved: k8s-hosts' link, on %1")
                          .arg(SystemResolver::resolvedLinkAddress());
    return outcome;
}

QStringList ResolverKeeper::resolvedDomains() const
{
    QStringList out;
    for (const Registration &r : m_registrations) {
        if (r.kind == Kind::SystemdResolved)
            out.append(r.domain);
    }
    out.sort();
    return out;
}

quint16 ResolverKeeper::resolvedPort() const
{
    for (const Registration &r : m_registrations) {
        if (r.kind == Kind::SystemdResolved)
            return r.port;
    }
    return 0;
}

Outcome ResolverKeeper::remove(const QString &domain, const QString &cause, uint uid)
{
    const std::optional<Registration> known = registration(domain);
    if (!known)
        return {};
    Outcome outcome;
    bool exists = false;
    const QByteArray held = known->path.isEmpty() ? QByteArray() : readOurs(known->path, &exists);
    if (known->kind == Kind::SystemdResolved) {
        outcome.changed = true; // the link's domains change
    } else if (exists && held.startsWith(SystemResolver::signature())) {
        if (::unlink(QFile::encodeName(known->path).constData()) != 0)
            return failed(QStringLiteral("cannot remove %1: %2").arg(known->path, errnoText()));
        outcome.changed = true;
    } else if (exists) {
        qCWarning(lcHelper).noquote() << known->path << "was changed by someone else; it is left";
    }
    m_lastKind = known->kind;
    m_registrations.remove(domain);
    QString error;
    if (!save(&error))
        qCWarning(lcHelper).noquote()
            << "cannot forget the registration of" << domain << ":" << error;
    const QString what = known->path.isEmpty() ? SystemResolver::nameOf(known->kind) : known->path;
    qCInfo(lcHelper).noquote() << QStringLiteral("uid=%1 resolver-domain=%2 removed=%3 cause=%4")
                                      .arg(uid)
                                      .arg(domain, what, cause);
    outcome.message = what;
    return outcome;
}

QString ResolverKeeper::statePath() const
{
    return m_stateDir + QStringLiteral("/resolvers.json");
}

bool ResolverKeeper::load(QString *error)
{
    QFile file(statePath());
    if (!file.exists())
        return true;
    struct stat st = {};
    if (m_requireRootOwned && (::lstat(QFile::encodeName(statePath()).constData(), &st) != 0 ||
                               st.st_uid != 0 || (st.st_mode & 022) != 0)) {
        *error = QStringLiteral("%1 is not root's alone").arg(statePath());
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(statePath(), file.errorString());
        return false;
    }
    QJsonParseError parse;
    const QJsonObject root = QJsonDocument::fromJson(file.read(maxFileBytes), &parse).object();
    if (parse.error != QJsonParseError::NoError) {
        *error = QStringLiteral("%1 is not valid JSON (%2)").arg(statePath(), parse.errorString());
        return false;
    }
    for (const QJsonValue &value : root.value(u"registrations").toArray()) {
        const QJsonObject r = value.toObject();
        const QString domain = r.value(u"domain").toString();
        const Kind kind = Kind(r.value(u"kind").toInt(int(Kind::None)));
        // Only a path we would write ourselves: the file cannot send us elsewhere.
        if (kind == Kind::None || kind > Kind::None ||
            r.value(u"path").toString() != SystemResolver::filePath(kind, m_root, domain) ||
            Hostname::normalize(domain) != domain)
            continue;
        m_registrations.insert(
            domain, {domain, kind, r.value(u"path").toString(),
                     r.value(u"address").toString().left(64), quint16(r.value(u"port").toInt()),
                     uint(r.value(u"uid").toInteger()), r.value(u"lease").toString().left(256)});
    }
    return true;
}

bool ResolverKeeper::save(QString *error) const
{
    QDir().mkpath(QFileInfo(m_stateDir).absolutePath());
    if (::mkdir(QFile::encodeName(m_stateDir).constData(), 0700) != 0 && errno != EEXIST) {
        *error = QStringLiteral("cannot create %1: %2").arg(m_stateDir, errnoText());
        return false;
    }
    QJsonArray list;
    for (const Registration &r : m_registrations)
        list.append(QJsonObject{{QStringLiteral("domain"), r.domain},
                                {QStringLiteral("kind"), int(r.kind)},
                                {QStringLiteral("path"), r.path},
                                {QStringLiteral("address"), r.address},
                                {QStringLiteral("port"), r.port},
                                {QStringLiteral("uid"), qint64(r.uid)},
                                {QStringLiteral("lease"), r.lease}});
    return writeFile(statePath(),
                     QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                               {QStringLiteral("registrations"), list}})
                         .toJson(),
                     0600, error);
}
