#pragma once

#include "core/sink/resolverregistrar.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <memory>

// Keeps the system resolver sending the local responder's domains to it, through the
// privileged helper (a ResolverRegistrar per platform), and reports how that went: each
// domain is registered (and how: "dnsmasq: /etc/dnsmasq.d/k8s-hosts-apps.test.conf") or not,
// with the reason and what to do. Every registration is leased to this process, so the
// helper removes it when we quit, crash or are killed; a domain no longer served is
// unregistered at once, and all are made again when the helper lost them.
class ResolverRegistration : public QObject
{
    Q_OBJECT

public:
    ResolverRegistration(std::unique_ptr<ResolverRegistrar> registrar, QString address,
                         quint16 port, QObject *parent = nullptr);

    // The domains the responder answers for now.
    void setDomains(const QStringList &domains);
    // Asks again for the domains that failed (after the user fixed something).
    void retry();

    // Empty when every domain is registered; else "not registered with the system: …".
    QString notice() const;
    // The responder could not listen where listenRequested() asked: part of the notice.
    void setListenError(const QString &error);
    // "registered with dnsmasq (…)" per domain that is.
    QStringList registered() const;

Q_SIGNALS:
    void changed();
    // The system resolver asks the responder on this address too (systemd-resolved, through
    // the helper's link), on the same port: the responder must listen there.
    void listenRequested(const QString &address);

private:
    struct Domain
    {
        bool wanted = false;
        bool registered = false;
        QString how;   // the helper's answer
        QString error; // why not
    };

    void sendNext();
    void handleAnswer(const ResolverRegistrar::Answer &answer, const QString &domain,
                      bool registering);
    void leasesLost();

    ResolverRegistrar *m_registrar; // a child
    QString m_address;
    quint16 m_port;
    QHash<QString, Domain> m_domains;
    bool m_inFlight = false;
    quint64 m_generation = 0; // answers from before the leases were lost are ignored
    QString m_listenError;
};
