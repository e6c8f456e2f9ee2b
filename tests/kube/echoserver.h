#pragma once

#include <QByteArray>
#include <QList>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>

// A tiny HTTP/1.1 server on 127.0.0.1 (plain or TLS) that records each request's path,
// headers and client certificate, and answers 200 (or the status set) with an empty JSON
// object. For checking what our requests carry, not for protocol tests.
class EchoServer : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers;
        QString clientCommonName;
        QByteArray header(const QByteArray &name) const;
        bool hasHeader(const QByteArray &name) const;
    };

    // TLS when `ssl` has a local certificate; plain HTTP otherwise.
    bool listen(const QSslConfiguration &ssl = QSslConfiguration());
    quint16 port() const;
    void setStatus(int status) { m_status = status; }

    QList<Request> requests;

Q_SIGNALS:
    void requestReceived();

private:
    void serve(QTcpSocket *socket);

    QSslServer m_sslServer;
    QTcpServer m_tcpServer;
    bool m_tls = false;
    int m_status = 200;
};
