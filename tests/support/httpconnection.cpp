#include "tests/support/httpconnection.h"

#include "tests/support/testsupportlog.h"

#include <QSslSocket>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

HttpConnection::HttpConnection(QTcpSocket *socket, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
{
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        if (m_closed)
            return;
        m_closed = true;
        Q_EMIT closed();
    });
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        qCDebug(lcTestSupport) << "connection error:" << m_socket->errorString();
    });
}

HttpConnection::~HttpConnection() = default;

QSslSocket *HttpConnection::sslSocket() const
{
    return qobject_cast<QSslSocket *>(m_socket);
}

void HttpConnection::onReadyRead()
{
    m_parser.feed(m_socket->readAll());
    for (;;) {
        QString error;
        std::optional<HttpRequest> request = m_parser.next(&error);
        if (!error.isEmpty()) {
            qCDebug(lcTestSupport) << "bad request:" << error;
            m_busy = true;
            m_keepAlive = false;
            respond(400, "Bad Request: " + error.toUtf8(), "text/plain");
            return;
        }
        if (!request)
            break;
        m_pending.enqueue(std::move(*request));
    }
    dispatchNext();
}

void HttpConnection::dispatchNext()
{
    if (m_busy || m_closed || m_pending.isEmpty())
        return;
    m_busy = true;
    const HttpRequest request = m_pending.dequeue();
    m_keepAlive = request.keepAlive();
    Q_EMIT requestReady(request);
}

QByteArray HttpConnection::statusLine(int status)
{
    const char *text = "Error";
    switch (status) {
    case 200:
        text = "OK";
        break;
    case 201:
        text = "Created";
        break;
    case 400:
        text = "Bad Request";
        break;
    case 401:
        text = "Unauthorized";
        break;
    case 403:
        text = "Forbidden";
        break;
    case 404:
        text = "Not Found";
        break;
    case 405:
        text = "Method Not Allowed";
        break;
    case 410:
        text = "Gone";
        break;
    case 422:
        text = "Unprocessable Entity";
        break;
    case 429:
        text = "Too Many Requests";
        break;
    case 500:
        text = "Internal Server Error";
        break;
    case 503:
        text = "Service Unavailable";
        break;
    case 504:
        text = "Gateway Timeout";
        break;
    }
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + text + "\r\n";
}

void HttpConnection::respond(int status, const QByteArray &body, const QByteArray &contentType)
{
    if (m_closed)
        return;
    m_lastStatus = status;
    QByteArray head = statusLine(status);
    head += "Content-Type: " + contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    head += "Cache-Control: no-cache, private\r\n";
    if (!m_keepAlive)
        head += "Connection: close\r\n";
    head += "\r\n";
    write(head);
    write(body);
    finishResponse();
}

void HttpConnection::beginStream(int status, const QByteArray &contentType)
{
    if (m_closed)
        return;
    m_streaming = true;
    m_lastStatus = status;
    QByteArray head = statusLine(status);
    head += "Content-Type: " + contentType + "\r\n";
    head += "Transfer-Encoding: chunked\r\n";
    head += "Cache-Control: no-cache, private\r\n";
    if (!m_keepAlive)
        head += "Connection: close\r\n";
    head += "\r\n";
    write(head);
}

void HttpConnection::writeChunk(QByteArrayView data)
{
    if (m_closed || !m_streaming || data.isEmpty())
        return;
    write(QByteArray::number(data.size(), 16) + "\r\n");
    write(data);
    write("\r\n");
}

void HttpConnection::writeRaw(QByteArrayView data)
{
    if (!m_closed)
        write(data);
}

void HttpConnection::endStream()
{
    if (m_closed || !m_streaming)
        return;
    m_streaming = false;
    write("0\r\n\r\n");
    finishResponse();
}

void HttpConnection::finishResponse()
{
    m_busy = false;
    if (!m_keepAlive) {
        close();
        return;
    }
    // Later, not now: the caller may still be unwinding from requestReady.
    QMetaObject::invokeMethod(this, &HttpConnection::dispatchNext, Qt::QueuedConnection);
}

void HttpConnection::write(QByteArrayView data)
{
    m_bytesWritten += quint64(data.size());
    m_socket->write(data.data(), data.size());
}

void HttpConnection::abort()
{
    if (m_closed)
        return;
    m_closed = true;
    m_streaming = false;
    m_socket->abort();
    Q_EMIT closed();
}

void HttpConnection::close()
{
    if (m_closed)
        return;
    m_streaming = false;
    m_socket->disconnectFromHost();
}
