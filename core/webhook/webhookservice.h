#pragma once

#include "core/webhook/webhookendpoint.h"
#include "core/webhook/webhookserver.h"

#include <QObject>

#include <optional>

class MappingSource;
class WebhookSource;

// What --webhook-* asked for.
struct WebhookOptions
{
    struct Listen
    {
        QHostAddress address;
        quint16 port = 0;
        QString toString() const; // "127.0.0.1:8888", "[::1]:8888"
    };
    QList<Listen> listen;               // empty: no webhook
    std::optional<Listen> healthListen; // another address for /healthz only
    WebhookDomainFilter domainFilter;   // what GET / answers
    QList<Subnet> allow;                // empty: each listen address's own subnet
    QString pathSecret;                 // empty: the endpoints are at the root path
    QString stateDir;                   // empty: $XDG_STATE_HOME/k8s-hosts
    qint64 maxBodyBytes = 32 * 1024 * 1024;

    bool enabled() const { return !listen.isEmpty(); }

    // "ADDR:PORT" with an IP address (IPv6 in brackets) and a port above 0.
    static std::optional<Listen> parseListen(const QString &text, QString *error);
    // "10.0.0.0/8", or one address ("192.168.122.7" is /32).
    static std::optional<Subnet> parseAllow(const QString &text, QString *error);
    // Letters, digits, '-' and '_', at least 16 of them: it travels in a URL path.
    static bool checkPathSecret(const QString &secret, QString *error);
    // The secret from a file (its first line), so it never shows in `ps`; nullopt with
    // *error, which never quotes the file's contents.
    static std::optional<QString> readPathSecretFile(const QString &path, QString *error);
    // The network of the interface that holds address (127.0.0.1: 127.0.0.0/8); nullopt when
    // no interface has it, or it is a wildcard address (0.0.0.0, ::).
    static std::optional<Subnet> subnetOf(const QHostAddress &address);
    // The state folder: $XDG_STATE_HOME/k8s-hosts, else ~/.local/state/k8s-hosts.
    static QString defaultStateDir();
};

// ExternalDNS's webhook on the desktop: one WebhookSource and one WebhookServer per listen
// address (each listener is one ExternalDNS, one context "external-dns@<listener>"), and a
// server answering only /healthz on the health address. Binds nothing it was not given.
class WebhookService : public QObject
{
    Q_OBJECT
public:
    explicit WebhookService(WebhookOptions options, QObject *parent = nullptr);

    // Loads each listener's stored records and binds every address; false with a sentence
    // (nothing stays bound) when one cannot be bound or has no allow-list.
    bool start(QString *error);
    QList<MappingSource *> sources() const;
    QList<WebhookSource *> webhookSources() const { return m_sources; }

private:
    bool listen(QAbstractHttpServer *server, const WebhookOptions::Listen &at, QString *error);

    WebhookOptions m_options;
    QList<WebhookSource *> m_sources;
};
