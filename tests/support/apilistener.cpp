#include "tests/support/apilistener.h"

#include "tests/support/testsupportlog.h"

#include <QSslSocket>

ApiListener::ApiListener(QObject *parent)
    : QTcpServer(parent)
{}

void ApiListener::setTls(const QSslConfiguration &configuration)
{
    m_tls = true;
    m_configuration = configuration;
}

void ApiListener::setPlainTcp()
{
    m_tls = false;
}

void ApiListener::incomingConnection(qintptr descriptor)
{
    if (!m_tls) {
        auto *socket = new QTcpSocket;
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        Q_EMIT accepted(socket);
        return;
    }
    auto *socket = new QSslSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setSslConfiguration(m_configuration);
    connect(socket, &QSslSocket::sslErrors, socket, [](const QList<QSslError> &errors) {
        // Only client certificates are checked, and that happens per request.
        qCDebug(lcTestSupport) << "client TLS errors:" << errors;
    });
    socket->startServerEncryption();
    Q_EMIT accepted(socket);
}
