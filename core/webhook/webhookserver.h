#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QtHttpServer/QAbstractHttpServer>

class QHttpServerRequest;
class QTcpSocket;
class WebhookSource;

using Subnet = QPair<QHostAddress, int>;

// ExternalDNS's webhook provider API over HTTP, for one WebhookSource (provider/webhook/api/
// httpapi.go is the server this mirrors; provider/webhook/webhook.go the client we answer):
//   GET  /                 200, the domain filter, Content-Type exactly the media type
//   GET  /records          200, every stored record as given
//   POST /records          204 once the changes are stored (ExternalDNS counts 200 a failure)
//   POST /adjustendpoints  200, the endpoints unchanged
//   GET  /healthz          200 "ok" (outside the path secret and the allow-list)
// Errors: 400 malformed JSON, 403 a caller outside the allow-list, 404 an unknown path (or
// a wrong path secret), 405 a wrong method, 413 a body over the cap, 415 a wrong
// Content-Type, 500 only for what is worth retrying (the state file could not be written):
// ExternalDNS retries 5xx only.
//
// Routing is ours (handleRequest), not QHttpServer's route(): the path secret is a prefix
// and every answer needs the exact media type.
class WebhookServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    struct Options
    {
        QList<Subnet> allow; // callers' networks; empty: nobody
        QString pathSecret;  // the endpoints are under /<secret>/; empty: at the root
        qint64 maxBodyBytes = 32 * 1024 * 1024; // ExternalDNS's own default cap
    };

    // source null: only /healthz (--webhook-health-listen).
    WebhookServer(WebhookSource *source, Options options, QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Reply
    {
        int status;
        QByteArray body;
        QByteArray contentType;
    };
    Reply answer(const QHttpServerRequest &request, const QString &caller);
    Reply route(const QHttpServerRequest &request, const QString &path, const QString &caller);
    Reply checkBody(const QHttpServerRequest &request, const QString &caller) const;
    bool allowed(const QHostAddress &caller) const;
    std::optional<QString> stripSecret(const QString &path) const;

    WebhookSource *m_source;
    Options m_options;
};
