#include "tests/support/faultplan.h"

void FaultPlan::failRequests(const QString &pathPattern, int status, int times, Requests requests)
{
    m_failures.append({QRegularExpression(pathPattern), requests, status, {}, times});
}

void FaultPlan::delayRequests(const QString &pathPattern, std::chrono::milliseconds delay,
                              int times, Requests requests)
{
    m_delays.append({QRegularExpression(pathPattern), requests, 0, delay, times});
}

void FaultPlan::clear()
{
    m_failures.clear();
    m_delays.clear();
    m_cutEvents = 0;
    m_expiredWatch = ExpiredWatch::InStreamError;
}

FaultPlan::Rule *FaultPlan::match(QList<Rule> &rules, const QString &path, Request request)
{
    for (Rule &rule : rules) {
        if (rule.remaining != 0 && rule.requests.testFlag(request) &&
            rule.path.match(path).hasMatch()) {
            if (rule.remaining > 0)
                --rule.remaining;
            return &rule;
        }
    }
    return nullptr;
}

std::optional<int> FaultPlan::takeFailure(const QString &path, Request request)
{
    if (const Rule *rule = match(m_failures, path, request))
        return rule->status;
    return std::nullopt;
}

std::chrono::milliseconds FaultPlan::takeDelay(const QString &path, Request request)
{
    if (const Rule *rule = match(m_delays, path, request))
        return rule->delay;
    return std::chrono::milliseconds(0);
}

bool FaultPlan::takeCut()
{
    if (m_cutEvents <= 0)
        return false;
    --m_cutEvents;
    return true;
}
