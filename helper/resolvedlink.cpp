#include "helper/resolvedlink.h"

#include "helper/helperlog.h"
#include "helper/systemresolver.h"

#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

QDBusArgument &operator<<(QDBusArgument &argument, const ResolvedServer &server)
{
    argument.beginStructure();
    argument << server.family << server.address << server.port << server.name;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, ResolvedServer &server)
{
    argument.beginStructure();
    argument >> server.family >> server.address >> server.port >> server.name;
    argument.endStructure();
    return argument;
}

QDBusArgument &operator<<(QDBusArgument &argument, const ResolvedDomain &domain)
{
    argument.beginStructure();
    argument << domain.domain << domain.routeOnly;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, ResolvedDomain &domain)
{
    argument.beginStructure();
    argument >> domain.domain >> domain.routeOnly;
    argument.endStructure();
    return argument;
}

namespace {

QString errnoText(const char *what)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(what),
                                        QString::fromLocal8Bit(std::strerror(errno)));
}

// An interface request for name, its fields zeroed.
ifreq request(const QString &name)
{
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, name.toLatin1().constData(), IFNAMSIZ - 1);
    return ifr;
}

} // namespace

ResolvedLink::ResolvedLink(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{}

ResolvedLink::~ResolvedLink()
{
    close();
}

void ResolvedLink::registerTypes()
{
    qDBusRegisterMetaType<ResolvedServer>();
    qDBusRegisterMetaType<QList<ResolvedServer>>();
    qDBusRegisterMetaType<ResolvedDomain>();
    qDBusRegisterMetaType<QList<ResolvedDomain>>();
}

bool ResolvedLink::open(QString *error)
{
    if (m_fd >= 0)
        return true;
    m_fd = ::open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (m_fd < 0) {
        *error = errnoText("cannot open /dev/net/tun");
        return false;
    }
    ifreq tun = request(QStringLiteral("k8shosts%d"));
    tun.ifr_flags = IFF_TUN | IFF_NO_PI;
    if (::ioctl(m_fd, TUNSETIFF, &tun) != 0) {
        *error = errnoText("cannot create the link");
        close();
        return false;
    }
    m_name = QString::fromLatin1(tun.ifr_name);
    const int sock = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ifreq address = request(m_name);
    auto *in = reinterpret_cast<sockaddr_in *>(&address.ifr_addr);
    in->sin_family = AF_INET;
    ::inet_pton(AF_INET, SystemResolver::resolvedLinkAddress().toLatin1().constData(),
                &in->sin_addr);
    ifreq mask = request(m_name);
    auto *m = reinterpret_cast<sockaddr_in *>(&mask.ifr_netmask);
    m->sin_family = AF_INET;
    m->sin_addr.s_addr = 0xffffffff;
    ifreq flags = request(m_name);
    const bool ok = sock >= 0 && ::ioctl(sock, SIOCSIFADDR, &address) == 0 &&
                    ::ioctl(sock, SIOCSIFNETMASK, &mask) == 0 &&
                    ::ioctl(sock, SIOCGIFFLAGS, &flags) == 0 &&
                    (flags.ifr_flags |= IFF_UP, ::ioctl(sock, SIOCSIFFLAGS, &flags) == 0);
    if (!ok)
        *error = errnoText("cannot set up the link");
    if (sock >= 0)
        ::close(sock);
    m_index = int(::if_nametoindex(tun.ifr_name));
    if (!ok || m_index == 0) {
        close();
        return false;
    }
    qCInfo(lcHelper).noquote() << "link" << m_name << "(index" << m_index << ") is up on"
                               << SystemResolver::resolvedLinkAddress();
    return true;
}

void ResolvedLink::close()
{
    if (m_fd < 0)
        return;
    ::close(m_fd); // the link goes with its last holder, and resolved forgets it
    m_fd = -1;
    qCInfo(lcHelper).noquote() << "link" << m_name << "removed";
    m_name.clear();
    m_index = 0;
}

void ResolvedLink::configure(quint16 port, const QStringList &domains,
                             const std::function<void(const QString &)> &done)
{
    if (domains.isEmpty()) {
        close();
        done({});
        return;
    }
    QString error;
    if (!open(&error)) {
        done(QStringLiteral("the link for systemd-resolved could not be made (%1)").arg(error));
        return;
    }
    in_addr address{};
    ::inet_pton(AF_INET, SystemResolver::resolvedLinkAddress().toLatin1().constData(), &address);
    const QList<ResolvedServer> servers{
        {AF_INET, QByteArray(reinterpret_cast<const char *>(&address), sizeof address), port, {}}};
    QList<ResolvedDomain> routes;
    for (const QString &domain : domains)
        routes.append({domain, true});
    const int index = m_index;
    // One after the other; the first failure is the answer.
    call(QStringLiteral("SetLinkDNSEx"), {index, QVariant::fromValue(servers)},
         [this, index, routes, done](const QString &e1) {
             if (!e1.isEmpty())
                 return done(e1);
             call(QStringLiteral("SetLinkDomains"), {index, QVariant::fromValue(routes)},
                  [this, index, done](const QString &e2) {
                      if (!e2.isEmpty())
                          return done(e2);
                      call(QStringLiteral("SetLinkDefaultRoute"), {index, false}, done);
                  });
         });
}

void ResolvedLink::call(const QString &method, const QVariantList &arguments,
                        const std::function<void(const QString &)> &done)
{
    QDBusMessage message = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.resolve1"), QStringLiteral("/org/freedesktop/resolve1"),
        QStringLiteral("org.freedesktop.resolve1.Manager"), method);
    message.setArguments(arguments);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(message), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [method, done](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                done(w->isError() ? QStringLiteral("systemd-resolved refused %1: %2")
                                        .arg(method, w->error().message())
                                  : QString());
            });
}
