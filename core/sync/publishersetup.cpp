#include "core/sync/publishersetup.h"

#include "core/dns/dnsupdatepublisher.h"
#include "core/resolver/resolverinstructions.h"
#include "core/resolver/resolverpublisher.h"
#include "core/sink/directsink.h"
#include "core/sink/dryrunpublisher.h"
#include "core/sink/hostsfilepublisher.h"
#include "core/sink/resolverregistration.h"
#ifdef K8S_HOSTS_HELPER_DBUS
#include "core/sink/dbusresolverregistrar.h"
#include "core/sink/helpersink.h"
#endif
#ifdef K8S_HOSTS_MDNS_AVAHI
#include "core/mdns/avahipublisher.h"

#include <QDBusConnectionInterface>
#endif
#ifdef K8S_HOSTS_MDNS_DNSSD
#include "core/mdns/dnssdpublisher.h"
#endif
#ifdef K8S_HOSTS_HELPER_XPC
#include "core/sink/macos/xpchelpersink.h"
#include "core/sink/macos/xpcresolverregistrar.h"
#endif

#include <QHostInfo>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <memory>

Q_LOGGING_CATEGORY(lcSetup, "k8shosts.setup", QtInfoMsg)

NamePolicy PublisherSetup::systemPolicy(QStringList *warnings)
{
    QString error;
    const auto policy = NamePolicy::load(NamePolicy::systemPath(), true, &error);
    if (!policy && warnings)
        warnings->append(error + QStringLiteral(" (using the default name policy)"));
    return policy.value_or(NamePolicy());
}

PublisherSetup PublisherSetup::build(const Options &options)
{
    PublisherSetup setup;
    setup.policy = systemPolicy(&setup.warnings);
    const HostsFileAccess access = HostsFileAccess::of(options.hostsFile);
    setup.hostsWay = access.way;
    if (!options.dryRun)
        setup.error = access.problem;
    if (access.way != HostsFileAccess::Way::Helper || options.dryRun) {
        for (const QString &domain : options.allowDomains) {
            setup.policy.allowDomain(domain);
            if (NamePolicy::isPublicSuffix(domain))
                setup.warnings.append(
                    QStringLiteral("--allow-domain %1 is a public suffix: every cluster you sync "
                                   "may now point any name under it (any site's) here; allow "
                                   "the domain you own instead if you can")
                        .arg(domain));
        }
        if (options.allowPublicIps)
            setup.policy.setAllowPublicAddresses(true);
    } else if (!options.allowDomains.isEmpty() || options.allowPublicIps) {
        setup.warnings.append(QStringLiteral("--allow-domain and --allow-public-ips apply only "
                                             "when k8s-hosts writes the file itself; the helper "
                                             "obeys %1")
                                  .arg(NamePolicy::systemPath()));
    }

    if (access.way == HostsFileAccess::Way::Helper) {
#if defined(K8S_HOSTS_HELPER_DBUS)
        if (options.requireHelper && !options.dryRun &&
            !HelperSink::isInstalled(QDBusConnection::systemBus()))
            setup.error = QStringLiteral("cannot write %1: this user may not, and the k8s-hosts "
                                         "helper is not installed; install the k8s-hosts package "
                                         "(it brings the helper), or choose a file you own with "
                                         "--hosts-file")
                              .arg(options.hostsFile);
        setup.hostsSink = new HelperSink(QDBusConnection::systemBus());
#elif defined(K8S_HOSTS_HELPER_XPC)
        setup.hostsSink = new XpcHelperSink; // its errors say how to install or approve it
#endif
    }
    if (setup.hostsSink) {
        setup.hostsSink->setKeepOnDisconnect(options.keepOnDisconnect);
    } else {
        if (access.way == HostsFileAccess::Way::Helper && !options.dryRun)
            setup.error = QStringLiteral("cannot write %1: this user may not, and this build has "
                                         "no helper; choose a file you own with --hosts-file")
                              .arg(options.hostsFile);
        setup.hostsSink = new DirectSink(
            options.hostsFile, EntryValidator(setup.policy, ReservedNames::forThisMachine()));
    }
    Publisher *hosts = new HostsFilePublisher(setup.hostsSink, options.hostsFile, options.marker);
    if (options.dryRun)
        hosts = new DryRunPublisher(hosts);
    if (options.publishHosts) {
        setup.publishers.append(hosts);
    } else {
        delete hosts; // its sink too
        setup.hostsSink = nullptr;
        setup.error.clear(); // the hosts file is not written at all
    }
    if (options.dns) {
        QString error;
        Publisher *dns = dnsPublisher(*options.dns, options.marker, &error, &setup.warnings);
        if (!dns) {
            setup.error = error;
        } else {
            setup.publishers.append(options.dryRun ? new DryRunPublisher(dns) : dns);
        }
    }
    if (options.resolver) {
        QString error;
        // A dry run binds nothing: it only says what would be served.
        Publisher *resolver = resolverPublisher(*options.resolver, !options.dryRun, &error);
        if (!resolver)
            setup.error = error + QStringLiteral("; choose another with --resolver-listen");
        else
            setup.publishers.append(options.dryRun ? new DryRunPublisher(resolver) : resolver);
    }
    if (options.publishMdns) {
        QString error;
        Publisher *mdns = mdnsPublisher(&error);
        if (!mdns)
            setup.error = error;
        else
            setup.publishers.append(options.dryRun ? new DryRunPublisher(mdns) : mdns);
    }
    return setup;
}

namespace {

#if defined(K8S_HOSTS_HELPER_DBUS) || defined(K8S_HOSTS_HELPER_XPC)
// The address the system resolver is sent to: a loopback one the responder listens on (the
// helper registers nothing else).
QString registeredAddress(const QList<ResponderEndpoint> &endpoints)
{
    for (const ResponderEndpoint &e : endpoints) {
        if (e.address == QHostAddress(QHostAddress::LocalHost))
            return e.address.toString();
    }
    for (const ResponderEndpoint &e : endpoints) {
        if (e.address.isLoopback())
            return e.address.toString();
        if (e.address == QHostAddress(QHostAddress::AnyIPv4) ||
            e.address == QHostAddress(QHostAddress::Any))
            return QStringLiteral("127.0.0.1");
    }
    return endpoints.value(0).address.toString();
}

// The helper registers the responder's domains with the system resolver as they change;
// how that went is the publisher's notice.
void registerWithSystem(ResolverPublisher *publisher)
{
    const QList<ResponderEndpoint> endpoints = publisher->endpoints();
    const QString address = registeredAddress(endpoints);
    quint16 port = endpoints.value(0).port;
    for (const ResponderEndpoint &e : endpoints) {
        if (e.address.toString() == address)
            port = e.port;
    }
#ifdef K8S_HOSTS_HELPER_DBUS
    auto registrar = std::make_unique<DBusResolverRegistrar>(QDBusConnection::systemBus());
#else
    auto registrar = std::make_unique<XpcResolverRegistrar>(); // /etc/resolver/<domain>
#endif
    auto *registration = new ResolverRegistration(std::move(registrar), address, port, publisher);
    QObject::connect(publisher, &ResolverPublisher::domainsChanged, registration,
                     &ResolverRegistration::setDomains);
    QObject::connect(publisher, &ResolverPublisher::registrationRetryRequested, registration,
                     &ResolverRegistration::retry);
    QObject::connect(registration, &ResolverRegistration::listenRequested, publisher,
                     [publisher, registration](const QString &listen) {
                         QString error;
                         if (!publisher->alsoListenOn(listen, &error))
                             registration->setListenError(
                                 QStringLiteral("systemd-resolved asks the responder on %1, but "
                                                "it %2")
                                     .arg(listen, error));
                     });
    auto said = std::make_shared<QString>();
    QObject::connect(registration, &ResolverRegistration::changed, publisher,
                     [publisher, registration, said] {
                         const QString notice = registration->notice();
                         publisher->setRegistration({notice, registration->registered()});
                         // Once per new reason: what to configure by hand meanwhile.
                         if (!notice.isEmpty() && notice != *said)
                             qCWarning(lcSetup).noquote() << ResolverInstructions::text(
                                 publisher->endpoints().value(0), publisher->domains());
                         *said = notice;
                     });
    if (!publisher->domains().isEmpty())
        registration->setDomains(publisher->domains());
}
#endif

} // namespace

Publisher *PublisherSetup::resolverPublisher(const ResolverOptions &options, bool listen,
                                             QString *error)
{
    ResolverPublisher::Options o;
    o.domains = options.domains;
    o.listen = options.listen;
#if defined(K8S_HOSTS_HELPER_DBUS) || defined(K8S_HOSTS_HELPER_XPC)
    const bool helperRegisters = options.registerWithSystem && listen;
#else
    const bool helperRegisters = false;
#endif
    o.sayHowToRegister = options.registerWithSystem && !helperRegisters;
    auto publisher = std::make_unique<ResolverPublisher>(o);
    if (!listen)
        return publisher.release();
    if (!publisher->start(error)) {
        if (options.listenGiven)
            return nullptr;
        // The defaults: a machine without IPv6 has no ::1; 127.0.0.1 alone will do.
        o.listen.removeIf([](const ResponderEndpoint &e) {
            return e.address.protocol() == QAbstractSocket::IPv6Protocol;
        });
        publisher = std::make_unique<ResolverPublisher>(o);
        if (!publisher->start(error))
            return nullptr;
    }
#if defined(K8S_HOSTS_HELPER_DBUS) || defined(K8S_HOSTS_HELPER_XPC)
    if (helperRegisters)
        registerWithSystem(publisher.get());
#endif
    return publisher.release();
}

bool PublisherSetup::hasMdns()
{
#if defined(K8S_HOSTS_MDNS_AVAHI) || defined(K8S_HOSTS_MDNS_DNSSD)
    return true;
#else
    return false;
#endif
}

Publisher *PublisherSetup::mdnsPublisher(QString *error)
{
#ifdef K8S_HOSTS_MDNS_AVAHI
    QDBusConnection bus = QDBusConnection::systemBus();
    const QString avahi = QStringLiteral("org.freedesktop.Avahi");
    QDBusConnectionInterface *names = bus.isConnected() ? bus.interface() : nullptr;
    // Not running now is fine (it is waited for); not there at all is said now.
    if (!names || (!names->isServiceRegistered(avahi).value() &&
                   !names->activatableServiceNames().value().contains(avahi))) {
        *error = QStringLiteral("--publish mdns: avahi-daemon is not on the system bus; install "
                                "and start it (apt install avahi-daemon; systemctl start "
                                "avahi-daemon)");
        return nullptr;
    }
    return new AvahiPublisher(bus);
#elif defined(K8S_HOSTS_MDNS_DNSSD)
    Q_UNUSED(error) // mDNSResponder is part of macOS; when it is not answering, publish retries
    return new DnsSdPublisher;
#else
    *error = QStringLiteral("--publish mdns: this build has no multicast DNS publisher; publish "
                            ".local names with --publish hosts");
    return nullptr;
#endif
}

Publisher *PublisherSetup::dnsPublisher(const DnsZoneOptions &options, const QString &marker,
                                        QString *error, QStringList *warnings)
{
    DnsUpdatePublisher::Options o;
    QString problem;
    const auto server = DnsServer::parse(options.server, &problem);
    if (!server) {
        *error = QStringLiteral("--dns-server: %1").arg(problem);
        return nullptr;
    }
    o.server = *server;
    o.zone = options.zone.toLower();
    if (o.zone.endsWith(u'.'))
        o.zone.chop(1);
    if (options.key) {
        o.key = options.key;
    } else if (!options.keyFile.isEmpty()) {
        o.key = TsigKey::load(options.keyFile, &problem);
        if (!o.key) {
            *error = QStringLiteral("--tsig-key: %1").arg(problem);
            return nullptr;
        }
    } else if (warnings) {
        warnings->append(QStringLiteral("no --tsig-key: updates to %1 go unsigned, which only a "
                                        "server that lets anyone change the zone accepts")
                             .arg(o.server.toString()));
    }
    o.ttl = options.ttl;
    o.owner = options.owner.isEmpty() ? defaultOwner(marker) : options.owner;
    return new DnsUpdatePublisher(o);
}

QString PublisherSetup::defaultOwner(const QString &marker)
{
    static const QRegularExpression unfit(QStringLiteral("[^a-z0-9-]+"));
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
    const QString host = QHostInfo::localHostName().section(u'.', 0, 0);
    QString owner = QStringLiteral("k8s-hosts-%1-%2").arg(user, host).toLower();
    if (!marker.isEmpty() && marker != u"K8S-HOSTS")
        owner += u'-' + marker.toLower();
    owner.replace(unfit, QStringLiteral("-"));
    return owner.left(64);
}
