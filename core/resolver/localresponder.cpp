#include "core/resolver/localresponder.h"

#include "core/resolver/responderreply.h"

#include <QNetworkDatagram>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUdpSocket>

namespace {

constexpr int maxTcpClients = 64;
constexpr int tcpIdleMs = 10000;        // RFC 7766 suggests seconds, not minutes
constexpr qsizetype maxPending = 65537; // one message and its length

} // namespace

std::optional<ResponderEndpoint> ResponderEndpoint::parse(const QString &text, quint16 defaultPort,
                                                          QString *error)
{
    QString host = text.trimmed();
    QString port;
    if (host.startsWith(u'[')) {
        const qsizetype close = host.indexOf(u']');
        if (close < 0) {
            *error = QStringLiteral("%1: a ']' is missing").arg(text);
            return std::nullopt;
        }
        port = host.mid(close + 1).startsWith(u':') ? host.mid(close + 2) : QString();
        host = host.mid(1, close - 1);
    } else if (host.count(u':') == 1) {
        port = host.section(u':', 1);
        host = host.section(u':', 0, 0);
    }
    ResponderEndpoint endpoint;
    if (!endpoint.address.setAddress(host)) {
        *error = QStringLiteral("%1: not an IP address (the responder binds addresses, not "
                                "names)")
                     .arg(text);
        return std::nullopt;
    }
    endpoint.port = defaultPort;
    if (!port.isEmpty()) {
        bool ok = false;
        const uint value = port.toUInt(&ok);
        if (!ok || value == 0 || value > 65535) {
            *error = QStringLiteral("%1: the port must be 1 to 65535").arg(text);
            return std::nullopt;
        }
        endpoint.port = quint16(value);
    }
    return endpoint;
}

QString ResponderEndpoint::toString() const
{
    return address.protocol() == QAbstractSocket::IPv6Protocol
               ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
               : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

LocalResponder::LocalResponder(QObject *parent)
    : QObject(parent)
{}

LocalResponder::~LocalResponder() = default;

bool LocalResponder::listen(const QList<ResponderEndpoint> &endpoints, QString *error)
{
    close();
    for (const ResponderEndpoint &endpoint : endpoints) {
        if (!addListener(endpoint, error)) {
            close();
            return false;
        }
    }
    return true;
}

bool LocalResponder::addListener(const ResponderEndpoint &endpoint, QString *error)
{
    // Port 0: the system picks a free UDP port, which TCP may hold already; pick again.
    constexpr int attempts = 16;
    for (int attempt = 1;; ++attempt) {
        auto *udp = new QUdpSocket(this);
        if (!udp->bind(endpoint.address, endpoint.port)) {
            *error = QStringLiteral("cannot listen on %1 (UDP): %2")
                         .arg(endpoint.toString(), udp->errorString());
            delete udp;
            return false;
        }
        auto *tcp = new QTcpServer(this);
        if (tcp->listen(endpoint.address, udp->localPort())) {
            serve(udp, tcp);
            return true;
        }
        const bool again = endpoint.port == 0 && attempt < attempts &&
                           tcp->serverError() == QAbstractSocket::AddressInUseError;
        *error = QStringLiteral("cannot listen on %1 (TCP): %2")
                     .arg(endpoint.toString(), tcp->errorString());
        delete udp;
        delete tcp;
        if (!again)
            return false;
    }
}

void LocalResponder::serve(QUdpSocket *udp, QTcpServer *tcp)
{
    tcp->setMaxPendingConnections(maxTcpClients);
    connect(udp, &QUdpSocket::readyRead, this, [this, udp] { onDatagrams(udp); });
    connect(tcp, &QTcpServer::newConnection, this, [this, tcp] { onConnection(tcp); });
    m_udp.append(udp);
    m_tcp.append(tcp);
}

QList<ResponderEndpoint> LocalResponder::endpoints() const
{
    QList<ResponderEndpoint> out;
    for (const QUdpSocket *udp : m_udp)
        out.append({udp->localAddress(), udp->localPort()});
    return out;
}

void LocalResponder::close()
{
    qDeleteAll(m_udp);
    qDeleteAll(m_tcp);
    m_udp.clear();
    m_tcp.clear();
}

void LocalResponder::onDatagrams(QUdpSocket *socket)
{
    while (socket->hasPendingDatagrams()) {
        const QNetworkDatagram query = socket->receiveDatagram();
        const QByteArray reply =
            ResponderReply::to(query.data(), m_zone, ResponderReply::Transport::Udp, m_ttl);
        if (!reply.isEmpty())
            socket->writeDatagram(reply, query.senderAddress(), quint16(query.senderPort()));
    }
}

void LocalResponder::onConnection(QTcpServer *server)
{
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        if (m_streams.size() >= maxTcpClients) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_streams.insert(socket, {});
        auto *idle = new QTimer(socket);
        idle->setSingleShot(true);
        idle->setInterval(tcpIdleMs);
        connect(idle, &QTimer::timeout, socket, &QTcpSocket::disconnectFromHost);
        idle->start();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, idle] {
            idle->start();
            onStream(socket);
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_streams.remove(socket);
            socket->deleteLater();
        });
    }
}

// Messages over TCP come with a two-byte length (RFC 1035 §4.2.2), possibly several at
// once, possibly a byte at a time.
void LocalResponder::onStream(QTcpSocket *socket)
{
    QByteArray &pending = m_streams[socket];
    pending += socket->readAll();
    while (pending.size() >= 2) {
        const qsizetype length = (quint8(pending.at(0)) << 8) | quint8(pending.at(1));
        if (pending.size() < 2 + length)
            break;
        const QByteArray query = pending.mid(2, length);
        pending.remove(0, 2 + length);
        const QByteArray reply =
            ResponderReply::to(query, m_zone, ResponderReply::Transport::Tcp, m_ttl);
        if (reply.isEmpty()) {
            socket->disconnectFromHost(); // not a query: nothing more to talk about
            return;
        }
        const char prefix[2] = {char(reply.size() >> 8), char(reply.size() & 0xff)};
        socket->write(prefix, 2);
        socket->write(reply);
    }
    if (pending.size() > maxPending)
        socket->abort();
}
