#include "helper/systemresolver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace {

constexpr qint64 maxConfigBytes = 256 * 1024;

QByteArray readSmall(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(maxConfigBytes);
}

QStringList nameserversIn(const QByteArray &resolvConf)
{
    QStringList servers;
    for (const QByteArray &raw : resolvConf.split('\n')) {
        const QList<QByteArray> fields = raw.simplified().split(' ');
        if (fields.size() >= 2 && fields.at(0) == "nameserver")
            servers.append(QString::fromLatin1(fields.at(1)));
    }
    return servers;
}

// "dns=dnsmasq" in the [main] section of NetworkManager.conf or a conf.d file (the last one
// read wins, as NetworkManager merges them in name order).
bool networkManagerUsesDnsmasq(const QString &root)
{
    const QString etc = root + QStringLiteral("/etc/NetworkManager");
    QStringList files{etc + QStringLiteral("/NetworkManager.conf")};
    const QDir confD(etc + QStringLiteral("/conf.d"));
    for (const QString &name : confD.entryList({QStringLiteral("*.conf")}, QDir::Files, QDir::Name))
        files.append(confD.filePath(name));
    bool dnsmasq = false;
    for (const QString &path : std::as_const(files)) {
        bool inMain = false;
        for (const QByteArray &raw : readSmall(path).split('\n')) {
            const QByteArray line = raw.trimmed();
            if (line.startsWith('['))
                inMain = line == "[main]";
            else if (inMain && line.startsWith("dns") && line.contains('='))
                dnsmasq = line.mid(line.indexOf('=') + 1).trimmed() == "dnsmasq";
        }
    }
    return dnsmasq;
}

bool isLoopback(const QString &address)
{
    return address.startsWith(QStringLiteral("127.")) || address == u"::1";
}

} // namespace

SystemResolver::Facts SystemResolver::gather(const QString &root)
{
    Facts facts;
#ifdef Q_OS_MACOS
    facts.macOS = true;
#endif
    facts.nameservers = nameserversIn(readSmall(root + QStringLiteral("/etc/resolv.conf")));
    facts.networkManagerUsesDnsmasq = networkManagerUsesDnsmasq(root);
    facts.dnsmasqConfDir = QFileInfo(root + QStringLiteral("/etc/dnsmasq.d")).isDir();
    facts.resolvedStub = facts.nameservers.contains(QStringLiteral("127.0.0.53"));
    return facts;
}

SystemResolver::Kind SystemResolver::choose(const Facts &facts, QString *why)
{
    if (facts.macOS)
        return Kind::ResolverFile;
    if (facts.networkManagerUsesDnsmasq)
        return Kind::NetworkManagerDnsmasq;
    const QString first = facts.nameservers.value(0);
    if (facts.resolvedStub)
        return Kind::SystemdResolved;
    if (facts.dnsmasqConfDir && isLoopback(first))
        return Kind::Dnsmasq;
    if (facts.nameservers.isEmpty()) {
        *why = QStringLiteral("/etc/resolv.conf names no nameserver, so there is no system "
                              "resolver to register with");
        return Kind::None;
    }
    *why = QStringLiteral(
               "the system resolver is /etc/resolv.conf alone (nameserver %1), and glibc cannot "
               "send one domain to another server: install dnsmasq as the local resolver (its "
               "/etc/dnsmasq.d is then used), or route the domain yourself")
               .arg(first);
    return Kind::None;
}

QString SystemResolver::nameOf(Kind kind)
{
    switch (kind) {
    case Kind::ResolverFile:
        return QStringLiteral("/etc/resolver");
    case Kind::Dnsmasq:
        return QStringLiteral("dnsmasq");
    case Kind::NetworkManagerDnsmasq:
        return QStringLiteral("NetworkManager's dnsmasq");
    case Kind::SystemdResolved:
        return QStringLiteral("systemd-resolved");
    case Kind::None:
        break;
    }
    return QStringLiteral("nothing");
}

QString SystemResolver::filePath(Kind kind, const QString &root, const QString &domain)
{
    switch (kind) {
    case Kind::ResolverFile:
        return root + QStringLiteral("/etc/resolver/") + domain;
    case Kind::Dnsmasq:
        return root + QStringLiteral("/etc/dnsmasq.d/k8s-hosts-%1.conf").arg(domain);
    case Kind::NetworkManagerDnsmasq:
        return root + QStringLiteral("/etc/NetworkManager/dnsmasq.d/k8s-hosts-%1.conf").arg(domain);
    case Kind::SystemdResolved:
    case Kind::None:
        break;
    }
    return {};
}

QByteArray SystemResolver::signature()
{
    return QByteArrayLiteral("# Written by k8s-hosts-helper; removed when k8s-hosts stops "
                             "serving this domain.\n");
}

QByteArray SystemResolver::fileContent(Kind kind, const QString &domain, const QString &address,
                                       quint16 port)
{
    const QByteArray a = address.toLatin1();
    const QByteArray p = QByteArray::number(port);
    switch (kind) {
    case Kind::ResolverFile:
        // resolver(5): the file name is the domain; "port" applies to every nameserver.
        return signature() + "nameserver " + a + "\nport " + p + "\n";
    case Kind::Dnsmasq:
    case Kind::NetworkManagerDnsmasq:
        return signature() + "server=/" + domain.toLatin1() + "/" + a + "#" + p + "\n";
    case Kind::SystemdResolved:
    case Kind::None:
        break;
    }
    return {};
}
