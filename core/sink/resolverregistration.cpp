#include "core/sink/resolverregistration.h"

#include "core/log/logevent.h"
#include "core/sink/helperprotocol.h"
#include "core/sink/helpersink.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRegistration, "k8shosts.resolver.registration", QtInfoMsg)

namespace {

LogFields fields(const QString &event, const QString &domain, const QString &reason)
{
    LogFields f;
    f.event = event;
    f.host = domain;
    f.reason = reason;
    f.publisher = QStringLiteral("local resolver");
    return f;
}

} // namespace

ResolverRegistration::ResolverRegistration(const QDBusConnection &bus, QString address,
                                           quint16 port, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_address(std::move(address))
    , m_port(port)
{}

void ResolverRegistration::setDomains(const QStringList &domains)
{
    for (auto it = m_domains.begin(); it != m_domains.end(); ++it)
        it->wanted = domains.contains(it.key());
    for (const QString &domain : domains)
        m_domains[domain].wanted = true;
    sendNext();
    Q_EMIT changed();
}

// One call at a time, in name order: a domain wanted and not registered is registered; one
// registered and no longer wanted is unregistered. A failed registration is not retried
// until the domains change (the reason says what to do).
void ResolverRegistration::sendNext()
{
    if (m_inFlight)
        return;
    if (!m_bus.isConnected()) {
        // Said now, not after a round trip: a short run must still say it.
        for (auto it = m_domains.begin(); it != m_domains.end(); ++it) {
            if (!it->wanted || it->registered || !it->error.isEmpty())
                continue;
            it->error = QStringLiteral("the system bus is not reachable (%1), so the k8s-hosts "
                                       "helper cannot be asked")
                            .arg(untrusted(m_bus.lastError().message()));
            logEvent(lcRegistration(), QtWarningMsg,
                     QStringLiteral("local resolver: %1 is not registered with the system: %2")
                         .arg(it.key(), it->error),
                     fields(QStringLiteral("resolver-not-registered"), it.key(), it->error));
        }
        return;
    }
    QStringList names = m_domains.keys();
    names.sort();
    for (const QString &domain : std::as_const(names)) {
        const Domain &d = m_domains.value(domain);
        const bool registering = d.wanted && !d.registered && d.error.isEmpty();
        const bool unregistering = !d.wanted && d.registered;
        if (!registering && !unregistering) {
            if (!d.wanted)
                m_domains.remove(domain);
            continue;
        }
        QDBusMessage call = QDBusMessage::createMethodCall(
            HelperProtocol::serviceName(), HelperProtocol::objectPath(),
            HelperProtocol::interfaceName(),
            registering ? QStringLiteral("RegisterResolver")
                        : QStringLiteral("UnregisterResolver"));
        call.setInteractiveAuthorizationAllowed(true);
        if (registering)
            call << domain << m_address << QVariant::fromValue(ushort(m_port)) << false;
        else
            call << domain;
        m_inFlight = true;
        auto *watcher =
            new QDBusPendingCallWatcher(m_bus.asyncCall(call, HelperSink::callTimeoutMs), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
                [this, domain, registering](QDBusPendingCallWatcher *w) {
                    handleReply(w, domain, registering);
                });
        return;
    }
}

void ResolverRegistration::handleReply(QDBusPendingCallWatcher *watcher, const QString &domain,
                                       bool registering)
{
    watcher->deleteLater();
    m_inFlight = false;
    const QDBusMessage reply = watcher->reply();
    Domain &d = m_domains[domain];
    if (!registering) {
        d.registered = false;
        d.how.clear();
        logEvent(lcRegistration(), QtInfoMsg,
                 QStringLiteral("local resolver: %1 is no longer registered").arg(domain),
                 fields(QStringLiteral("resolver-unregistered"), domain, {}));
    } else if (reply.type() == QDBusMessage::ReplyMessage) {
        d.registered = true;
        d.error.clear();
        d.how = reply.arguments().value(0).toString();
        if (const QString listen = reply.arguments().value(1).toString(); !listen.isEmpty())
            Q_EMIT listenRequested(listen);
        logEvent(lcRegistration(), QtInfoMsg,
                 QStringLiteral("local resolver: %1 is registered with the system (%2)")
                     .arg(domain, d.how),
                 fields(QStringLiteral("resolver-registered"), domain, {}));
    } else {
        d.error = describe(reply.errorName(), reply.errorMessage());
        logEvent(lcRegistration(), QtWarningMsg,
                 QStringLiteral("local resolver: %1 is not registered with the system: %2")
                     .arg(domain, d.error),
                 fields(QStringLiteral("resolver-not-registered"), domain, d.error));
    }
    Q_EMIT changed();
    sendNext();
}

QString ResolverRegistration::describe(const QString &errorName, const QString &message)
{
    if (errorName == u"org.freedesktop.DBus.Error.ServiceUnknown" ||
        errorName == u"org.freedesktop.DBus.Error.NameHasNoOwner" ||
        errorName == u"org.freedesktop.DBus.Error.Spawn.ServiceNotFound")
        return QStringLiteral("the k8s-hosts helper is not installed (it registers the resolver "
                              "as root); install the k8s-hosts package, or configure the system "
                              "resolver by hand");
    if (errorName == u"org.freedesktop.DBus.Error.UnknownMethod")
        return QStringLiteral("the installed k8s-hosts helper is older than this app and cannot "
                              "register resolvers; update the k8s-hosts package");
    if (errorName == HelperProtocol::errorNotAuthorized())
        return QStringLiteral("not allowed: %1").arg(untrusted(message));
    return untrusted(message);
}

void ResolverRegistration::setListenError(const QString &error)
{
    m_listenError = error;
    Q_EMIT changed();
}

QString ResolverRegistration::notice() const
{
    QStringList failures;
    for (auto it = m_domains.cbegin(); it != m_domains.cend(); ++it) {
        if (it->wanted && !it->error.isEmpty())
            failures.append(QStringLiteral("%1: %2").arg(it.key(), it->error));
    }
    failures.sort();
    if (!m_listenError.isEmpty())
        failures.append(m_listenError);
    if (failures.isEmpty())
        return {};
    return QStringLiteral("not registered with the system (the responder answers, but the "
                          "system does not ask it) — %1")
        .arg(failures.join(QStringLiteral("; ")));
}

QStringList ResolverRegistration::registered() const
{
    QStringList out;
    for (auto it = m_domains.cbegin(); it != m_domains.cend(); ++it) {
        if (it->wanted && it->registered)
            out.append(QStringLiteral("%1 (%2)").arg(it.key(), it->how));
    }
    out.sort();
    return out;
}
