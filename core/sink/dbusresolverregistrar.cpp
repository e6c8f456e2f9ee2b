#include "core/sink/dbusresolverregistrar.h"

#include "core/log/logevent.h"
#include "core/sink/helperprotocol.h"
#include "core/sink/helpersink.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>

DBusResolverRegistrar::DBusResolverRegistrar(const QDBusConnection &bus, QObject *parent)
    : ResolverRegistrar(parent)
    , m_bus(bus)
{}

QString DBusResolverRegistrar::unreachable() const
{
    if (m_bus.isConnected())
        return {};
    return QStringLiteral("the system bus is not reachable (%1), so the k8s-hosts helper "
                          "cannot be asked")
        .arg(untrusted(m_bus.lastError().message()));
}

void DBusResolverRegistrar::registerDomain(const QString &domain, const QString &address,
                                           quint16 port, Reply reply)
{
    call(QStringLiteral("RegisterResolver"),
         {domain, address, QVariant::fromValue(ushort(port)), false}, std::move(reply));
}

void DBusResolverRegistrar::unregisterDomain(const QString &domain, Reply reply)
{
    call(QStringLiteral("UnregisterResolver"), {domain}, std::move(reply));
}

void DBusResolverRegistrar::call(const QString &method, const QVariantList &arguments, Reply reply)
{
    QDBusMessage message =
        QDBusMessage::createMethodCall(HelperProtocol::serviceName(), HelperProtocol::objectPath(),
                                       HelperProtocol::interfaceName(), method);
    message.setInteractiveAuthorizationAllowed(true);
    message.setArguments(arguments);
    auto *watcher =
        new QDBusPendingCallWatcher(m_bus.asyncCall(message, HelperSink::callTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [reply = std::move(reply)](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                const QDBusMessage answer = w->reply();
                if (answer.type() == QDBusMessage::ReplyMessage)
                    reply({{},
                           answer.arguments().value(0).toString(),
                           answer.arguments().value(1).toString()});
                else
                    reply({describe(answer.errorName(), answer.errorMessage()), {}, {}});
            });
}

QString DBusResolverRegistrar::describe(const QString &errorName, const QString &message)
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
