#pragma once

#include <QDBusArgument>
#include <QDBusConnection>
#include <QObject>
#include <QStringList>

#include <functional>

// systemd-resolved's SetLinkDNSEx server, a(iayqs): family, address bytes, port, TLS name.
struct ResolvedServer
{
    int family = 0;
    QByteArray address;
    quint16 port = 0;
    QString name;
};
// SetLinkDomains' domain, a(sb): the name, and whether it only routes (the "~" in resolvectl).
struct ResolvedDomain
{
    QString domain;
    bool routeOnly = true;
};
Q_DECLARE_METATYPE(ResolvedServer)
Q_DECLARE_METATYPE(ResolvedDomain)
QDBusArgument &operator<<(QDBusArgument &argument, const ResolvedServer &server);
const QDBusArgument &operator>>(const QDBusArgument &argument, ResolvedServer &server);
QDBusArgument &operator<<(QDBusArgument &argument, const ResolvedDomain &domain);
const QDBusArgument &operator>>(const QDBusArgument &argument, ResolvedDomain &domain);

// The helper's own network link for systemd-resolved: resolved routes a domain to DNS
// servers only per link, never on loopback, and sends a link's queries out of that link
// (IP_UNICAST_IF), so a responder on 127.0.0.1 behind a link would never be reached. The
// link is a TUN device that this process holds open ("k8shosts0", up, with
// SystemResolver::resolvedLinkAddress()/32, which routes to this machine): resolved asks the
// responder on that address, where the app listens too. It disappears with the helper —
// resolved then forgets its settings by itself, so a crash leaves nothing behind.
class ResolvedLink : public QObject
{
    Q_OBJECT

public:
    explicit ResolvedLink(const QDBusConnection &bus, QObject *parent = nullptr);
    ~ResolvedLink() override;

    static void registerTypes();

    // Routes domains (route-only) through the link to the responder on port; no domains:
    // the link goes. done(error): empty once resolved has all three settings.
    void configure(quint16 port, const QStringList &domains,
                   const std::function<void(const QString &)> &done);
    bool isOpen() const { return m_fd >= 0; }
    QString name() const { return m_name; }
    int index() const { return m_index; }

private:
    bool open(QString *error);
    void close();
    void call(const QString &method, const QVariantList &arguments,
              const std::function<void(const QString &)> &done);

    QDBusConnection m_bus;
    int m_fd = -1;
    QString m_name;
    int m_index = 0;
};
