#pragma once

#include "core/sink/resolverregistrar.h"

#include <QDBusConnection>

// Registers domains through the helper on the system bus (Linux): RegisterResolver and
// UnregisterResolver of io.github.k8shosts.Helper1, with polkit's prompt allowed. The helper
// leases each registration to this bus connection.
class DBusResolverRegistrar : public ResolverRegistrar
{
    Q_OBJECT

public:
    explicit DBusResolverRegistrar(const QDBusConnection &bus, QObject *parent = nullptr);

    QString unreachable() const override;
    void registerDomain(const QString &domain, const QString &address, quint16 port,
                        Reply reply) override;
    void unregisterDomain(const QString &domain, Reply reply) override;

    // The sentence for a failed call: the helper's own, or what the bus says about it.
    static QString describe(const QString &errorName, const QString &message);

private:
    void call(const QString &method, const QVariantList &arguments, Reply reply);

    QDBusConnection m_bus;
};
