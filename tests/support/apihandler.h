#pragma once

#include "tests/support/faultplan.h"
#include "tests/support/listpager.h"

#include <QObject>

#include <chrono>

class FakeCluster;
class HttpConnection;
class WatchSession;
struct HttpRequest;

// Answers one admitted request from the cluster's state: discovery documents, GET of one
// object, paged LIST, or WATCH (handed to a WatchSession). Errors are Status objects.
class ApiHandler
{
public:
    struct Limits
    {
        std::chrono::milliseconds bookmarkInterval{60000};
        std::chrono::seconds maxWatch{1800}; // when the client gives no timeoutSeconds
    };

    ApiHandler(FakeCluster *cluster, FaultPlan *faults);

    // A started WatchSession (owned by the connection) for watches, else null.
    WatchSession *serve(HttpConnection *connection, const HttpRequest &request,
                        const QString &serverAddress, const Limits &limits);

    // What kind of request this is, for fault rules.
    static FaultPlan::Request classify(const HttpRequest &request);
    // The Status body a real server sends for this HTTP error on this request.
    static QByteArray errorBody(int code, const HttpRequest &request, const QString &user);

    ListPager &pager() { return m_pager; }

private:
    void list(HttpConnection *connection, const HttpRequest &request, const struct ApiPath &path);
    WatchSession *watch(HttpConnection *connection, const HttpRequest &request,
                        const struct ApiPath &path, const Limits &limits);

    FakeCluster *m_cluster;
    FaultPlan *m_faults;
    ListPager m_pager;
};
