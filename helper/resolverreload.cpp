#include "helper/resolverreload.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>

namespace {

// NetworkManager's Reload flags: 0x04 restarts the DNS plugin (its dnsmasq).
constexpr uint reloadDnsPlugin = 0x04;

} // namespace

ResolverReload::ResolverReload(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{}

void ResolverReload::reload(SystemResolver::Kind kind,
                            const std::function<void(const QString &)> &done)
{
    QDBusMessage call;
    QString what;
    switch (kind) {
    case SystemResolver::Kind::Dnsmasq:
        call = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.systemd1"),
                                              QStringLiteral("/org/freedesktop/systemd1"),
                                              QStringLiteral("org.freedesktop.systemd1.Manager"),
                                              QStringLiteral("TryRestartUnit"))
               << QStringLiteral("dnsmasq.service") << QStringLiteral("replace");
        what = QStringLiteral("restart dnsmasq.service");
        break;
    case SystemResolver::Kind::NetworkManagerDnsmasq:
        call = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.NetworkManager"),
                                              QStringLiteral("/org/freedesktop/NetworkManager"),
                                              QStringLiteral("org.freedesktop.NetworkManager"),
                                              QStringLiteral("Reload"))
               << reloadDnsPlugin;
        what = QStringLiteral("make NetworkManager restart its dnsmasq");
        break;
    case SystemResolver::Kind::ResolverFile:    // macOS reads /etc/resolver as it changes
    case SystemResolver::Kind::SystemdResolved: // told over D-Bus (ResolvedLink)
    case SystemResolver::Kind::None:
        done({});
        return;
    }
    call.setAutoStartService(false);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [done, what](QDBusPendingCallWatcher *call) {
                call->deleteLater();
                done(call->isError()
                         ? QStringLiteral("could not %1: %2").arg(what, call->error().message())
                         : QString());
            });
}
