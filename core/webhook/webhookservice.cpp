#include "core/webhook/webhookservice.h"

#include "core/log/logevent.h"
#include "core/webhook/webhooksource.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QTcpServer>

Q_DECLARE_LOGGING_CATEGORY(lcWebhook)

QString WebhookOptions::Listen::toString() const
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']'
                             : address.toString();
    return host + u':' + QString::number(port);
}

std::optional<WebhookOptions::Listen> WebhookOptions::parseListen(const QString &text,
                                                                  QString *error)
{
    const qsizetype colon = text.lastIndexOf(u':');
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    Listen listen{QHostAddress(host), quint16(port)};
    if (colon <= 0 || !ok || port == 0 || port > 65535 || listen.address.isNull() ||
        (listen.address.protocol() == QAbstractSocket::IPv6Protocol && !text.startsWith(u'['))) {
        *error = u"\"%1\" is not ADDRESS:PORT (an IP address and a port, such as "
                 "192.168.122.1:8888 or [::1]:8888)"_qs.arg(text);
        return std::nullopt;
    }
    return listen;
}

std::optional<Subnet> WebhookOptions::parseAllow(const QString &text, QString *error)
{
    Subnet net{QHostAddress(text), -1};
    if (!net.first.isNull())
        net.second = net.first.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
    else if (text.contains(u'/'))
        net = QHostAddress::parseSubnet(text);
    if (net.first.isNull() || net.second < 0) {
        *error =
            u"\"%1\" is not a network (CIDR such as 192.168.122.0/24, or one address)"_qs.arg(text);
        return std::nullopt;
    }
    return net;
}

bool WebhookOptions::checkPathSecret(const QString &secret, QString *error)
{
    static const QRegularExpression allowed(u"^[A-Za-z0-9_-]{16,}$"_qs);
    if (allowed.match(secret).hasMatch())
        return true;
    *error = u"--webhook-path-secret must be at least 16 letters, digits, '-' or '_' (make one "
             "with: openssl rand -hex 16)"_qs;
    return false;
}

std::optional<QString> WebhookOptions::readPathSecretFile(const QString &path, QString *error)
{
    constexpr qint64 limit = 4096; // a secret is a line, not a file's worth
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"--webhook-path-secret-file: cannot read %1: %2"_qs.arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.read(limit + 1);
    if (bytes.size() > limit) {
        *error = u"--webhook-path-secret-file: %1 is longer than a path secret (over 4 KiB)"_qs.arg(
            path);
        return std::nullopt;
    }
    const QString secret = QString::fromUtf8(bytes).section(u'\n', 0, 0).trimmed();
    QString why;
    if (!checkPathSecret(secret, &why)) {
        *error = u"--webhook-path-secret-file: the first line of %1 is not a path secret: it "
                 "must be at least 16 letters, digits, '-' or '_' (make one with: openssl rand "
                 "-hex 16 > %1)"_qs.arg(path);
        return std::nullopt;
    }
    return secret;
}

std::optional<Subnet> WebhookOptions::subnetOf(const QHostAddress &address)
{
    if (address.isLoopback())
        return address.protocol() == QAbstractSocket::IPv4Protocol
                   ? QHostAddress::parseSubnet(u"127.0.0.0/8"_qs)
                   : Subnet{QHostAddress::LocalHostIPv6, 128};
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &i : interfaces) {
        const auto entries = i.addressEntries();
        for (const QNetworkAddressEntry &e : entries) {
            if (e.ip().isEqual(address))
                return Subnet{QHostAddress::parseSubnet(
                                  u"%1/%2"_qs.arg(e.ip().toString()).arg(e.prefixLength()))
                                  .first,
                              e.prefixLength()};
        }
    }
    return std::nullopt;
}

QString WebhookOptions::defaultStateDir()
{
    QString base = qEnvironmentVariable("XDG_STATE_HOME");
    if (base.isEmpty() || !QDir::isAbsolutePath(base))
        base = QDir::homePath() + u"/.local/state"_qs;
    return base + u"/k8s-hosts"_qs;
}

WebhookService::WebhookService(WebhookOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

QList<MappingSource *> WebhookService::sources() const
{
    return {m_sources.cbegin(), m_sources.cend()};
}

bool WebhookService::start(QString *error)
{
    const QString stateDir =
        m_options.stateDir.isEmpty() ? WebhookOptions::defaultStateDir() : m_options.stateDir;
    QList<QObject *> made;
    const auto failed = [&](const QString &message) {
        *error = message;
        qDeleteAll(made); // closes what was bound
        m_sources.clear();
        return false;
    };
    for (const WebhookOptions::Listen &at : std::as_const(m_options.listen)) {
        WebhookServer::Options server{m_options.allow, m_options.pathSecret,
                                      m_options.maxBodyBytes};
        if (server.allow.isEmpty()) {
            const std::optional<Subnet> own = WebhookOptions::subnetOf(at.address);
            if (!own)
                return failed(
                    u"--webhook-listen %1: no network interface has that address, so "
                    "there is no subnet to allow; pass --webhook-allow CIDR"_qs.arg(at.toString()));
            server.allow = {*own};
        }
        const QString file =
            stateDir + u"/webhook-"_qs +
            at.toString().replace(QRegularExpression(u"[^A-Za-z0-9.]+"_qs), u"-"_qs) + u".json"_qs;
        auto *source = new WebhookSource(at.toString(), file, m_options.domainFilter, this);
        made.append(source);
        auto *http = new WebhookServer(source, server, source);
        if (!listen(http, at, error))
            return failed(*error);
        source->load();
        m_sources.append(source);
        QStringList nets;
        for (const Subnet &n : std::as_const(server.allow))
            nets.append(u"%1/%2"_qs.arg(n.first.toString()).arg(n.second));
        logEvent(
            lcWebhook(), QtInfoMsg,
            u"ExternalDNS webhook at http://%1/%2 for callers from %3; records kept in %4"_qs.arg(
                at.toString(), m_options.pathSecret.isEmpty() ? QString() : u"<path secret>/"_qs,
                nets.join(u", "_qs), file),
            {u"webhook-listening"_qs, {}, {}, {}, source->name(), {}, {}});
    }
    if (m_options.healthListen) {
        auto *health = new WebhookServer(nullptr, {}, this);
        made.append(health);
        if (!listen(health, *m_options.healthListen, error))
            return failed(*error);
    }
    return true;
}

bool WebhookService::listen(QAbstractHttpServer *server, const WebhookOptions::Listen &at,
                            QString *error)
{
    auto *tcp = new QTcpServer(server);
    if (!tcp->listen(at.address, at.port)) {
        *error = u"cannot listen on %1 for the ExternalDNS webhook: %2"_qs.arg(at.toString(),
                                                                               tcp->errorString());
        return false;
    }
    server->bind(tcp);
    return true;
}
