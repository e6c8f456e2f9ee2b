#include "tests/support/apihandler.h"

#include "tests/support/apipath.h"
#include "tests/support/discoverydocuments.h"
#include "tests/support/fakecluster.h"
#include "tests/support/httpconnection.h"
#include "tests/support/httprequest.h"
#include "tests/support/objectfilter.h"
#include "tests/support/statusbody.h"
#include "tests/support/watchsession.h"

using namespace Qt::StringLiterals;

namespace {

void respondStatus(HttpConnection *connection, int code, const QString &message,
                   const QString &reason = {}, const QJsonObject &details = {})
{
    connection->respond(code, StatusBody::json(code, message, reason, details));
}

QString verbOf(const HttpRequest &request, const ApiPath &path)
{
    if (!path.name.isEmpty())
        return u"get"_s;
    return request.flag(u"watch"_s) ? u"watch"_s : u"list"_s;
}

} // namespace

ApiHandler::ApiHandler(FakeCluster *cluster, FaultPlan *faults)
    : m_cluster(cluster)
    , m_faults(faults)
    , m_pager(*cluster)
{}

FaultPlan::Request ApiHandler::classify(const HttpRequest &request)
{
    const std::optional<ApiPath> path = ApiPath::parse(request.path);
    if (!path)
        return FaultPlan::Request::Discovery;
    if (!path->name.isEmpty())
        return FaultPlan::Request::Get;
    return request.flag(u"watch"_s) ? FaultPlan::Request::Watch : FaultPlan::Request::List;
}

QByteArray ApiHandler::errorBody(int code, const HttpRequest &request, const QString &user)
{
    const std::optional<ApiPath> path = ApiPath::parse(request.path);
    if (code == 401)
        return StatusBody::json(401, u"Unauthorized"_s);
    if (code == 403 && path) {
        const QString scope = path->namespaceName.isEmpty()
                                  ? u"at the cluster scope"_s
                                  : u"in the namespace \"%1\""_s.arg(path->namespaceName);
        return StatusBody::json(
            403,
            u"%1 is forbidden: User \"%2\" cannot %3 resource \"%1\" in API group \"%4\" %5"_s.arg(
                path->type->plural, user, verbOf(request, *path), path->type->group, scope),
            {}, QJsonObject{{u"kind"_s, path->type->plural}});
    }
    if (code == 403)
        return StatusBody::json(
            403, u"forbidden: User \"%1\" cannot get path \"%2\""_s.arg(user, request.path));
    if (code == 410)
        return StatusBody::json(410, u"too old resource version"_s);
    if (code == 429) {
        return StatusBody::json(429, u"Too many requests, please try again later."_s, {},
                                QJsonObject{{u"retryAfterSeconds"_s, 1}});
    }
    return StatusBody::json(code, u"Internal error occurred: a fault injected by the test "
                                  "API server (HTTP %1)"_s.arg(code));
}

WatchSession *ApiHandler::serve(HttpConnection *connection, const HttpRequest &request,
                                const QString &serverAddress, const Limits &limits)
{
    if (request.method != "GET") {
        respondStatus(connection, 405,
                      u"the test API server only serves GET (got %1)"_s.arg(
                          QString::fromLatin1(request.method.left(16))));
        return nullptr;
    }
    if (const auto document = DiscoveryDocuments::at(request.path, serverAddress)) {
        connection->respond(200, *document);
        return nullptr;
    }
    for (const auto probe : {u"/healthz", u"/livez", u"/readyz"}) {
        if (request.path == probe) {
            connection->respond(200, "ok", "text/plain; charset=utf-8");
            return nullptr;
        }
    }
    const std::optional<ApiPath> path = ApiPath::parse(request.path);
    if (!path) {
        respondStatus(connection, 404, u"the server could not find the requested resource"_s);
        return nullptr;
    }
    if (!path->subresource.isEmpty()) {
        respondStatus(connection, 404,
                      u"the test API server serves no subresource \"%1\""_s.arg(path->subresource));
        return nullptr;
    }
    if (!path->name.isEmpty()) {
        const auto object =
            m_cluster->store(path->type->kind).find(path->namespaceName + u'/' + path->name);
        if (object == m_cluster->store(path->type->kind).end()) {
            respondStatus(connection, 404,
                          u"%1 \"%2\" not found"_s.arg(path->type->plural, path->name), {},
                          QJsonObject{{u"name"_s, path->name}, {u"kind"_s, path->type->plural}});
            return nullptr;
        }
        connection->respond(200, object->second->json);
        return nullptr;
    }
    if (request.flag(u"watch"_s))
        return watch(connection, request, *path, limits);
    list(connection, request, *path);
    return nullptr;
}

void ApiHandler::list(HttpConnection *connection, const HttpRequest &request, const ApiPath &path)
{
    QString error;
    const std::optional<ObjectFilter> filter =
        ObjectFilter::parse(path.namespaceName, request.param(u"fieldSelector"_s),
                            request.param(u"labelSelector"_s), &error);
    if (!filter) {
        respondStatus(connection, 400, error);
        return;
    }
    const QString continueToken = request.param(u"continue"_s);
    const QString resourceVersion = request.param(u"resourceVersion"_s);
    const QString match = request.param(u"resourceVersionMatch"_s);
    if (!continueToken.isEmpty() && !match.isEmpty()) {
        respondStatus(connection, 422,
                      u"resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when "
                      "continue is provided"_s);
        return;
    }
    if (!continueToken.isEmpty() && !resourceVersion.isEmpty() && resourceVersion != u"0") {
        respondStatus(connection, 400,
                      u"specifying resource version is not allowed when using continue"_s);
        return;
    }
    if (!resourceVersion.isEmpty() && resourceVersion != u"0") {
        bool ok = false;
        const quint64 rv = resourceVersion.toULongLong(&ok);
        if (!ok || rv == 0) {
            respondStatus(connection, 400,
                          u"resourceVersion: Invalid value: must be a positive "
                          "integer"_s);
            return;
        }
        if (rv > m_cluster->resourceVersion()) {
            respondStatus(connection, 504,
                          u"Timeout: Too large resource version: %1, current: %2"_s.arg(rv).arg(
                              m_cluster->resourceVersion()));
            return;
        }
        // Only the present state is kept: an exact read of the past is "too old".
        if (match == u"Exact" && rv != m_cluster->resourceVersion()) {
            respondStatus(connection, 410,
                          u"The resourceVersion for the provided list is too old."_s);
            return;
        }
    }
    const qint64 limit = request.param(u"limit"_s).toLongLong();
    const ListPager::Result page = m_pager.list(path.type->kind, *filter, limit, continueToken);
    if (page.errorCode != 0) {
        respondStatus(connection, page.errorCode, page.errorMessage);
        return;
    }
    connection->respond(200, ListPager::render(*path.type, page));
}

WatchSession *ApiHandler::watch(HttpConnection *connection, const HttpRequest &request,
                                const ApiPath &path, const Limits &limits)
{
    QString error;
    std::optional<ObjectFilter> filter =
        ObjectFilter::parse(path.namespaceName, request.param(u"fieldSelector"_s),
                            request.param(u"labelSelector"_s), &error);
    if (!filter) {
        respondStatus(connection, 400, error);
        return nullptr;
    }
    WatchSession::Plan plan;
    plan.type = path.type;
    plan.filter = std::move(*filter);
    plan.resourceVersion = request.param(u"resourceVersion"_s);
    plan.bookmarks = request.flag(u"allowWatchBookmarks"_s);
    plan.sendInitialEvents = request.flag(u"sendInitialEvents"_s);
    const QString match = request.param(u"resourceVersionMatch"_s);
    // The rules of the real server's validation, so clients fall back the same way.
    if (plan.sendInitialEvents && match != u"NotOlderThan") {
        respondStatus(connection, 422,
                      u"resourceVersionMatch: Forbidden: sendInitialEvents requires setting "
                      "resourceVersionMatch to NotOlderThan"_s,
                      u"Invalid"_s);
        return nullptr;
    }
    if (!plan.sendInitialEvents && !match.isEmpty()) {
        respondStatus(connection, 422,
                      u"resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for "
                      "watch unless sendInitialEvents is provided"_s,
                      u"Invalid"_s);
        return nullptr;
    }
    if (plan.sendInitialEvents && !plan.resourceVersion.isEmpty() && plan.resourceVersion != u"0") {
        // A snapshot of the past is not kept; start from the present instead.
        plan.resourceVersion.clear();
    }
    bool ok = false;
    const qint64 timeout = request.param(u"timeoutSeconds"_s).toLongLong(&ok);
    plan.timeout = ok && timeout > 0 ? std::chrono::seconds(timeout) : limits.maxWatch;
    auto *session = new WatchSession(connection, m_cluster, m_faults, std::move(plan),
                                     limits.bookmarkInterval, connection);
    session->start();
    return session;
}
