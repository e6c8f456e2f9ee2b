#include "tests/kube/echoserver.h"

#include <QSslSocket>

QByteArray EchoServer::Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return QByteArray();
}

bool EchoServer::Request::hasHeader(const QByteArray &name) const
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool EchoServer::listen(const QSslConfiguration &ssl)
{
    m_tls = !ssl.localCertificate().isNull();
    if (m_tls) {
        m_sslServer.setSslConfiguration(ssl);
        connect(&m_sslServer, &QSslServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_sslServer.nextPendingConnection())
                serve(socket);
        });
        return m_sslServer.listen(QHostAddress::LocalHost, 0);
    }
    connect(&m_tcpServer, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_tcpServer.nextPendingConnection())
            serve(socket);
    });
    return m_tcpServer.listen(QHostAddress::LocalHost, 0);
}

quint16 EchoServer::port() const
{
    return m_tls ? m_sslServer.serverPort() : m_tcpServer.serverPort();
}

void EchoServer::serve(QTcpSocket *socket)
{
    auto *buffer = new QByteArray;
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QObject::destroyed, this, [buffer] { delete buffer; });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
        buffer->append(socket->readAll());
        const qsizetype end = buffer->indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request request;
        const QList<QByteArray> lines = buffer->left(end).split('\n');
        request.path = lines.value(0).split(' ').value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        }
        if (auto *ssl = qobject_cast<QSslSocket *>(socket))
            request.clientCommonName =
                ssl->peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0);
        buffer->remove(0, end + 4);
        requests.append(request);
        const QByteArray body = "{}";
        socket->write("HTTP/1.1 " + QByteArray::number(m_status) +
                      " X\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
        Q_EMIT requestReceived();
    });
}
