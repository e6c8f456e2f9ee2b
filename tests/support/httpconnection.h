#pragma once

#include "tests/support/httprequest.h"
#include "tests/support/httprequestparser.h"

#include <QObject>
#include <QPointer>
#include <QQueue>

class QSslSocket;
class QTcpSocket;

// One client connection of the fake API server: reads HTTP/1.1 requests, hands them out
// one at a time (requestReady), and writes either a whole response or a chunked stream.
// Keep-alive: the next queued request is handed out once the current response is done.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    // Takes ownership of the socket.
    explicit HttpConnection(QTcpSocket *socket, QObject *parent = nullptr);
    ~HttpConnection() override;

    // A complete response with Content-Length.
    void respond(int status, const QByteArray &body,
                 const QByteArray &contentType = QByteArrayLiteral("application/json"));
    // A streamed response: headers now, then chunks, then the terminating chunk.
    void beginStream(int status = 200,
                     const QByteArray &contentType = QByteArrayLiteral("application/json"));
    void writeChunk(QByteArrayView data);
    // Bytes straight onto the wire, unframed (to cut a chunk in half).
    void writeRaw(QByteArrayView data);
    void endStream();
    bool isStreaming() const { return m_streaming; }

    // Drops the TCP connection at once, as a crashed server or a broken network would.
    void abort();
    // Ends the connection after pending bytes are written.
    void close();

    QTcpSocket *socket() const { return m_socket; }
    QSslSocket *sslSocket() const; // null for plain HTTP
    quint64 bytesWritten() const { return m_bytesWritten; }
    int lastStatus() const { return m_lastStatus; } // of the latest response begun

Q_SIGNALS:
    void requestReady(const HttpRequest &request);
    void closed();

private:
    void onReadyRead();
    void dispatchNext();
    void finishResponse();
    void write(QByteArrayView data);
    static QByteArray statusLine(int status);

    QTcpSocket *m_socket;
    HttpRequestParser m_parser;
    QQueue<HttpRequest> m_pending;
    bool m_busy = false;      // a request is being answered
    bool m_streaming = false; // inside a chunked response
    bool m_keepAlive = true;  // of the request being answered
    bool m_closed = false;
    quint64 m_bytesWritten = 0;
    int m_lastStatus = 0;
};
