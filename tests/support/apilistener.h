#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

class QTcpSocket;

// Accepts connections for the fake API server: plain TCP, or TLS with the given
// configuration (the handshake starts at once; requests arrive once it is done).
class ApiListener : public QTcpServer
{
    Q_OBJECT

public:
    explicit ApiListener(QObject *parent = nullptr);
    void setTls(const QSslConfiguration &configuration);
    void setPlainTcp();
    bool usesTls() const { return m_tls; }

Q_SIGNALS:
    void accepted(QTcpSocket *socket);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    bool m_tls = false;
    QSslConfiguration m_configuration;
};
