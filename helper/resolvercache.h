#pragma once

#include <QDBusConnection>
#include <QObject>

// Tells resolvers that cache answers to forget them after /etc/hosts changed:
// systemd-resolved (FlushCaches over D-Bus) and nscd (nscd --invalidate=hosts), each only
// when it is running. Fire and forget: a failure is logged and never fails the write.
class ResolverCache : public QObject
{
    Q_OBJECT

public:
    explicit ResolverCache(const QDBusConnection &bus, QObject *parent = nullptr);

    void flush();

private:
    void flushResolved();
    void flushNscd();

    QDBusConnection m_bus;
};
