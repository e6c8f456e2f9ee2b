#pragma once

#include <QDBusConnection>
#include <QHash>
#include <QObject>
#include <QStringList>

class QDBusPendingCallWatcher;

// Asks the privileged helper (Linux, system bus) to make the system resolver send the local
// responder's domains to it, and reports how that went: each domain is registered (and how:
// "dnsmasq: /etc/dnsmasq.d/k8s-hosts-apps.test.conf") or not, with the reason and what to do.
// Every registration is leased to this process's bus connection, so the helper removes it
// when we quit, crash or are killed; a domain no longer served is unregistered at once.
class ResolverRegistration : public QObject
{
    Q_OBJECT

public:
    ResolverRegistration(const QDBusConnection &bus, QString address, quint16 port,
                         QObject *parent = nullptr);

    // The domains the responder answers for now.
    void setDomains(const QStringList &domains);

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
    void handleReply(QDBusPendingCallWatcher *watcher, const QString &domain, bool registering);
    static QString describe(const QString &errorName, const QString &message);

    QDBusConnection m_bus;
    QString m_address;
    quint16 m_port;
    QHash<QString, Domain> m_domains;
    bool m_inFlight = false;
    QString m_listenError;
};
