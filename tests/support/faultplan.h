#pragma once

#include <QFlags>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <chrono>
#include <optional>

// Faults the fake API server injects into requests it has not answered yet. Rules match
// the request path (a regular expression, searched, without the query) and a kind of
// request; each fires a given number of times (-1: until cleared). Faults on connections
// that are already open (drop, expire, garbage, freeze) are actions on FakeApiServer.
class FaultPlan
{
public:
    enum class Request
    {
        Discovery = 0x1,
        List = 0x2,
        Watch = 0x4,
        Get = 0x8,
        Any = 0xf
    };
    Q_DECLARE_FLAGS(Requests, Request)

    // How a watch from a compacted resourceVersion is refused.
    enum class ExpiredWatch
    {
        InStreamError, // 200, then an ERROR event with a 410 Expired Status (today's servers)
        HttpGone,      // HTTP 410 with the Status as the body (older servers, some proxies)
    };

    // Answer matching requests with this HTTP status and a Status body (401, 403, 429,
    // 500, 503, ...), times times.
    void failRequests(const QString &pathPattern, int status, int times = -1,
                      Requests requests = Request::Any);
    // Hold matching requests for delay before answering them (a slow server).
    void delayRequests(const QString &pathPattern, std::chrono::milliseconds delay, int times = -1,
                       Requests requests = Request::Any);
    // The next count watch events (any stream) are cut in the middle of their line, and
    // their connection dropped.
    void cutWatchEvents(int count = 1) { m_cutEvents = count; }
    void setExpiredWatch(ExpiredWatch style) { m_expiredWatch = style; }
    void clear();

    // For the server: the fault for a request about to be answered (consumes one use).
    std::optional<int> takeFailure(const QString &path, Request request);
    std::chrono::milliseconds takeDelay(const QString &path, Request request);
    bool takeCut();
    ExpiredWatch expiredWatch() const { return m_expiredWatch; }

private:
    struct Rule
    {
        QRegularExpression path;
        Requests requests;
        int status = 0;
        std::chrono::milliseconds delay{0};
        int remaining = -1;
    };
    Rule *match(QList<Rule> &rules, const QString &path, Request request);

    QList<Rule> m_failures;
    QList<Rule> m_delays;
    int m_cutEvents = 0;
    ExpiredWatch m_expiredWatch = ExpiredWatch::InStreamError;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(FaultPlan::Requests)
