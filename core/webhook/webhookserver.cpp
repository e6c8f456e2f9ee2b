#include "core/webhook/webhookserver.h"

#include "core/log/logevent.h"
#include "core/webhook/webhooksource.h"

#include <QLoggingCategory>
#include <QTcpSocket>
#include <QtHttpServer/QHttpServerRequest>
#include <QtHttpServer/QHttpServerResponder>

Q_DECLARE_LOGGING_CATEGORY(lcWebhook)

namespace {

using Method = QHttpServerRequest::Method;

QByteArray header(const QHttpServerRequest &request, QByteArrayView name)
{
    // Qt 6.4's QHttpServerRequest::value() compares names as given; HTTP names are not
    // case-sensitive (Go sends "Content-Type", curl may send "content-type").
    const auto headers = request.headers();
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QHostAddress plain(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4); // ::ffff:a.b.c.d too
    return isV4 ? QHostAddress(v4) : address;
}

// Compares without leaking where the first difference is.
bool sameSecret(QStringView given, QStringView secret)
{
    if (given.size() != secret.size())
        return false;
    char16_t diff = 0;
    for (qsizetype i = 0; i < given.size(); ++i)
        diff |= given[i].unicode() ^ secret[i].unicode();
    return diff == 0;
}

// "GET", "POST", …: how a call is shown in the window (ExternalDNS uses these two).
QString methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return u"GET"_qs;
    case Method::Post:
        return u"POST"_qs;
    case Method::Put:
        return u"PUT"_qs;
    case Method::Delete:
        return u"DELETE"_qs;
    case Method::Head:
        return u"HEAD"_qs;
    default:
        return u"another method on"_qs;
    }
}

const QByteArray mediaType(webhookMediaType);
const QByteArray text("text/plain; charset=utf-8");

} // namespace

WebhookServer::WebhookServer(WebhookSource *source, Options options, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_source(source)
    , m_options(std::move(options))
{}

bool WebhookServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString caller = plain(request.remoteAddress()).toString();
    const Reply reply = answer(request, caller);
    QHttpServerResponder responder = makeResponder(request, socket);
    const auto status = QHttpServerResponder::StatusCode(reply.status);
    if (reply.status == 204)
        responder.write(status);
    else
        responder.write(reply.body, reply.contentType.isEmpty() ? text : reply.contentType, status);
    return true;
}

void WebhookServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    makeResponder(request, socket)
        .write("not found\n", text, QHttpServerResponder::StatusCode::NotFound);
}

WebhookServer::Reply WebhookServer::answer(const QHttpServerRequest &request, const QString &caller)
{
    const QString path = request.url().path();
    if (path == u"/healthz")
        return request.method() == Method::Get || request.method() == Method::Head
                   ? Reply{200, "ok\n", {}}
                   : Reply{405, "only GET\n", {}};
    if (!m_source)
        return {404, "this address answers only /healthz\n", {}};
    if (!allowed(plain(request.remoteAddress()))) {
        logEvent(
            lcWebhook(), QtWarningMsg,
            u"%1: refused a call from %2: not in --webhook-allow"_qs.arg(m_source->name(), caller),
            {u"webhook-refused"_qs, {}, {}, {}, m_source->name(), u"from "_qs + caller, {}});
        m_source->noteCall(caller, u"refused: not in --webhook-allow"_qs, 403);
        return {403, "your address may not call this webhook (k8s-hosts --webhook-allow)\n", {}};
    }
    const std::optional<QString> rest = stripSecret(path);
    if (!rest) {
        // Never log the path: it may be a mistyped secret.
        logEvent(lcWebhook(), QtWarningMsg,
                 u"%1: %2 asked for a path outside the webhook's path secret"_qs.arg(
                     m_source->name(), caller),
                 {u"webhook-refused"_qs, {}, {}, {}, m_source->name(), u"from "_qs + caller, {}});
        m_source->noteCall(caller, u"refused: a path outside the path secret"_qs, 404);
        return {404, "not found\n", {}};
    }
    Reply reply = route(request, *rest, caller);
    // Only our own paths are shown: a caller chooses the rest.
    const bool known = *rest == u"/records" || *rest == u"/adjustendpoints";
    const QString shown = rest->isEmpty() || *rest == u"/" ? u"/"_qs
                          : known                          ? *rest
                                                           : u"an unknown path"_qs;
    m_source->noteCall(caller, methodName(request.method()) + u' ' + shown, reply.status);
    return reply;
}

WebhookServer::Reply WebhookServer::route(const QHttpServerRequest &request, const QString &path,
                                          const QString &caller)
{
    const Method method = request.method();
    if (path == u"/" || path.isEmpty()) {
        if (method != Method::Get)
            return {405, "GET / negotiates; nothing else is served here\n", {}};
        return {200, m_source->domainFilter().toJson(), mediaType};
    }
    if (path == u"/records" && method == Method::Get)
        return {200, webhookEndpointsToJson(m_source->records()), mediaType};
    if (path != u"/records" && path != u"/adjustendpoints")
        return {404, "not found; the webhook serves /, /records and /adjustendpoints\n", {}};
    if (method != Method::Post)
        return {405, "use POST\n", {}};
    if (Reply refused = checkBody(request, caller); refused.status != 0)
        return refused;
    QString error;
    if (path == u"/adjustendpoints") {
        // Nothing to adjust: every record type is kept as given. Parsed only to refuse what is
        // not a list of endpoints, as ExternalDNS's own server does.
        if (!parseWebhookEndpoints(request.body(), &error))
            return {400, error.toUtf8() + '\n', {}};
        const QByteArray body = request.body().trimmed();
        return {200, body.isEmpty() ? QByteArray("[]") : body, mediaType};
    }
    const std::optional<WebhookChanges> changes = parseWebhookChanges(request.body(), &error);
    if (!changes) {
        logEvent(lcWebhook(), QtWarningMsg,
                 u"%1: refused changes from %2: %3"_qs.arg(m_source->name(), caller, error),
                 {u"webhook-refused"_qs, {}, {}, {}, m_source->name(), error, {}});
        return {400, error.toUtf8() + '\n', {}};
    }
    if (!m_source->apply(*changes, caller, &error))
        return {500, error.toUtf8() + '\n', {}}; // worth retrying: ExternalDNS will
    return {204, {}, {}};
}

// Qt 6.4's QHttpServer reads the whole body before handleRequest() sees the request and has
// no limit of its own, so the cap is checked on what was read: it keeps oversized changes
// out of the store, not out of memory.
WebhookServer::Reply WebhookServer::checkBody(const QHttpServerRequest &request,
                                              const QString &caller) const
{
    const QByteArray type = header(request, "Content-Type");
    if (type.trimmed() != mediaType) {
        logEvent(lcWebhook(), QtWarningMsg,
                 u"%1: refused a body from %2: Content-Type is not %3"_qs.arg(
                     m_source->name(), caller, QString::fromLatin1(mediaType)),
                 {u"webhook-refused"_qs, {}, {}, {}, m_source->name(), u"media type"_qs, {}});
        return {415, "Content-Type must be " + mediaType + '\n', {}};
    }
    bool ok = false;
    const qint64 declared = header(request, "Content-Length").toLongLong(&ok);
    if ((ok && declared > m_options.maxBodyBytes) ||
        request.body().size() > m_options.maxBodyBytes) {
        logEvent(lcWebhook(), QtWarningMsg,
                 u"%1: refused a body of %2 bytes from %3 (the cap is %4)"_qs.arg(m_source->name())
                     .arg(std::max(declared, qint64(request.body().size())))
                     .arg(caller)
                     .arg(m_options.maxBodyBytes),
                 {u"webhook-refused"_qs, {}, {}, {}, m_source->name(), u"body too large"_qs, {}});
        return {413, "the body is over the webhook's cap\n", {}};
    }
    return {0, {}, {}};
}

bool WebhookServer::allowed(const QHostAddress &caller) const
{
    return std::any_of(m_options.allow.cbegin(), m_options.allow.cend(),
                       [&caller](const Subnet &net) { return caller.isInSubnet(net); });
}

// ExternalDNS joins its paths to the provider URL's path, keeping a prefix: provider/webhook/
// webhook.go (kubernetes-sigs/external-dns 2bf1bf8) negotiates at the URL as given (line 162),
// and calls p.remoteServerURL.JoinPath("records") (231, 270) and url.JoinPath(url,
// "/adjustendpoints") (325). So http://host:8888/<secret>/ reaches /<secret>/records: the
// secret is a capability. There is no other way to authenticate it: the client has no
// header, token or certificate options.
std::optional<QString> WebhookServer::stripSecret(const QString &path) const
{
    if (m_options.pathSecret.isEmpty())
        return path;
    const QStringView p(path);
    if (p.size() < m_options.pathSecret.size() + 1 || p[0] != u'/' ||
        !sameSecret(p.sliced(1, m_options.pathSecret.size()), m_options.pathSecret))
        return std::nullopt;
    const QStringView rest = p.sliced(m_options.pathSecret.size() + 1);
    if (!rest.isEmpty() && rest[0] != u'/')
        return std::nullopt;
    return rest.toString();
}
