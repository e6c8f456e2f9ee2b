#include "app/tray/singleinstance.h"

#include "app/tray/traylogging.h"

#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

namespace {
const QByteArray showRequest = QByteArrayLiteral("show\n");
}

SingleInstance::SingleInstance(QString socketPath, QObject *parent)
    : QObject(parent)
    , m_path(std::move(socketPath))
{}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultSocketPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation))
        .filePath(QStringLiteral("k8s-hosts.socket"));
}

void SingleInstance::start()
{
    // QLocalSocket reports a missing server from inside connectToServer(): start from the
    // event loop so the answer never comes from inside start().
    QMetaObject::invokeMethod(this, &SingleInstance::probe, Qt::QueuedConnection);
}

void SingleInstance::probe()
{
    ++m_attempts;
    m_probe = new QLocalSocket(this);
    connect(m_probe, &QLocalSocket::connected, this, [this] {
        m_probe->write(showRequest);
        m_probe->disconnectFromServer(); // sends what is buffered first
    });
    connect(m_probe, &QLocalSocket::disconnected, this, [this] {
        m_probe->deleteLater();
        qCInfo(lcTray) << "k8s-hosts is already running; asked it to show its window";
        Q_EMIT secondary();
    });
    connect(m_probe, &QLocalSocket::errorOccurred, this, &SingleInstance::onProbeFailed);
    m_probe->connectToServer(m_path);
}

void SingleInstance::onProbeFailed()
{
    const auto error = m_probe->error();
    m_probe->disconnect(this);
    m_probe->deleteLater();
    if (error == QLocalSocket::ServerNotFoundError ||
        error == QLocalSocket::ConnectionRefusedError) {
        listen();
        return;
    }
    // Anything else (a socket we may not use): run without the single-instance guard
    // rather than not at all.
    qCWarning(lcTray).noquote() << QStringLiteral("cannot check for a running k8s-hosts at %1 (%2)")
                                       .arg(m_path, m_probe->errorString());
    Q_EMIT primary();
}

void SingleInstance::listen()
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    // Nobody answered on the socket, so a file left there is a crashed instance's.
    QLocalServer::removeServer(m_path);
    if (m_server->listen(m_path)) {
        Q_EMIT primary();
        return;
    }
    const QString error = m_server->errorString();
    delete m_server;
    m_server = nullptr;
    if (m_attempts < 2) {
        probe(); // another instance started at the same moment and won: ask it instead
        return;
    }
    qCWarning(lcTray).noquote()
        << QStringLiteral("cannot listen on %1 (%2); a second start will not find this one")
               .arg(m_path, error);
    Q_EMIT primary();
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            const QByteArray request = socket->readAll();
            if (request.startsWith(showRequest.trimmed()))
                Q_EMIT activationRequested();
            socket->disconnectFromServer();
        });
    }
}
