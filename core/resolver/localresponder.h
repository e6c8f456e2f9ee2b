#pragma once

#include "core/resolver/resolverzone.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>

#include <optional>

class QTcpServer;
class QTcpSocket;
class QUdpSocket;

// Where the responder listens: an address and a port.
struct ResponderEndpoint
{
    QHostAddress address;
    quint16 port = 0;

    // "127.0.0.1:15353", "[::1]:15353", "::1" (port 0: the default)
    static std::optional<ResponderEndpoint> parse(const QString &text, quint16 defaultPort,
                                                  QString *error);
    QString toString() const;
};

// A small authoritative DNS server in this process, for the resolver's domains only: UDP and
// TCP on each endpoint, every query answered from the current zone (ResponderReply). It
// binds only the addresses it is given.
class LocalResponder : public QObject
{
    Q_OBJECT
public:
    explicit LocalResponder(QObject *parent = nullptr);
    ~LocalResponder() override;

    // UDP and TCP on every endpoint (port 0: any free port, the same for both); false with
    // *error naming the endpoint and the fix when one cannot be bound (nothing stays bound).
    bool listen(const QList<ResponderEndpoint> &endpoints, QString *error);
    // One more endpoint beside those listening; false with *error (the others stay).
    bool addListener(const ResponderEndpoint &endpoint, QString *error);
    QList<ResponderEndpoint> endpoints() const; // as bound

    void setZone(ResolverZone zone) { m_zone = std::move(zone); }
    const ResolverZone &zone() const { return m_zone; }
    void setTtl(quint32 seconds) { m_ttl = seconds; }

private:
    void serve(QUdpSocket *udp, QTcpServer *tcp); // answers on both from now on
    void close();
    void onDatagrams(QUdpSocket *socket);
    void onConnection(QTcpServer *server);
    void onStream(QTcpSocket *socket);

    QList<QUdpSocket *> m_udp;
    QList<QTcpServer *> m_tcp;
    QHash<QTcpSocket *, QByteArray> m_streams; // what each TCP client sent, not yet answered
    ResolverZone m_zone;
    quint32 m_ttl = 30;
};
