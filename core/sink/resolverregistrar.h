#pragma once

#include <QObject>
#include <QString>

#include <functional>

// One way to ask the privileged helper to register a domain with the system resolver: over
// D-Bus on Linux (DBusResolverRegistrar), over XPC on macOS (XpcResolverRegistrar).
// ResolverRegistration decides what to ask and when, one call at a time; a registrar only
// carries the call and turns the helper's answer into a sentence.
class ResolverRegistrar : public QObject
{
    Q_OBJECT

public:
    struct Answer
    {
        QString error;         // empty: done; else why not, with what to do
        QString how;           // registering: "dnsmasq: /etc/dnsmasq.d/k8s-hosts-apps.test.conf"
        QString listenAddress; // registering: the responder must listen here too (or empty)
    };
    // Always called later, from the event loop, never from inside the call that was given it.
    using Reply = std::function<void(const Answer &)>;

    using QObject::QObject;

    // Empty when calls can be made; else why not, said at once without a round trip.
    virtual QString unreachable() const { return {}; }
    // Leased to this process: the helper removes it when we quit, crash or are killed.
    virtual void registerDomain(const QString &domain, const QString &address, quint16 port,
                                Reply reply) = 0;
    virtual void unregisterDomain(const QString &domain, Reply reply) = 0;

Q_SIGNALS:
    // The helper restarted and our registrations went with their leases: make them again.
    void leasesLost();
};
