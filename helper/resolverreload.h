#pragma once

#include "helper/systemresolver.h"

#include <QDBusConnection>
#include <QObject>

#include <functional>

// Makes the system resolver read its configuration again after a registration's file
// changed: dnsmasq reads server= lines only when it starts, so the dnsmasq service is
// restarted (systemd's TryRestartUnit: only when it runs), and NetworkManager restarts its
// own dnsmasq (Reload with the DNS-plugin flag). Both over the system bus.
class ResolverReload : public QObject
{
    Q_OBJECT

public:
    explicit ResolverReload(const QDBusConnection &bus, QObject *parent = nullptr);

    // done(error): empty when the resolver was told; a sentence otherwise.
    void reload(SystemResolver::Kind kind, const std::function<void(const QString &)> &done);

private:
    QDBusConnection m_bus;
};
