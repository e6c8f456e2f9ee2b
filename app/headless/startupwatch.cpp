#include "app/headless/startupwatch.h"

#include "core/log/logevent.h"
#include "core/sync/contextconnection.h"
#include "core/sync/publishchannel.h"
#include "core/sync/workspace.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcStartup, "k8shosts.headless", QtInfoMsg)

StartupWatch::StartupWatch(Workspace *workspace, int progressIntervalMs, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
{
    m_progress.setInterval(progressIntervalMs);
    connect(&m_progress, &QTimer::timeout, this, &StartupWatch::report);
}

void StartupWatch::start()
{
    for (const QString &name : m_workspace->enabledContexts())
        bind(name);
    connect(m_workspace, &Workspace::connectionChanged, this, &StartupWatch::bind);
    connect(m_workspace->engine(), &SyncEngine::publishFailed, this, &StartupWatch::check);
    m_progress.start();
    check();
}

void StartupWatch::stop()
{
    m_progress.stop();
    disconnect(m_workspace, nullptr, this, nullptr);
    disconnect(m_workspace->engine(), nullptr, this, nullptr);
    for (const QString &name : m_workspace->enabledContexts()) {
        if (ContextConnection *c = m_workspace->connection(name)) {
            c->disconnect(this);
            c->session()->disconnect(this);
        }
    }
}

void StartupWatch::bind(const QString &context)
{
    ContextConnection *c = m_workspace->connection(context);
    if (!c)
        return;
    connect(c, &ContextConnection::errorChanged, this, &StartupWatch::check, Qt::UniqueConnection);
    connect(c->session(), &ContextSession::statusChanged, this, &StartupWatch::check,
            Qt::UniqueConnection);
}

// Connection errors are permanent by construction (a context naming a missing cluster, TLS
// files that do not load, credentials refused after a refresh); a session that may list
// nothing and a publisher that failed for good are too.
void StartupWatch::check()
{
    if (m_failed)
        return;
    QStringList errors;
    for (const QString &name : m_workspace->enabledContexts()) {
        ContextConnection *c = m_workspace->connection(name);
        if (!c)
            continue;
        if (!c->error().isEmpty())
            errors.append(c->error());
        else if (c->session()->status() == ContextSession::Status::Failed)
            errors.append(u"context %1: %2"_qs.arg(name, c->session()->statusMessage()));
    }
    for (const PublishChannel *channel : m_workspace->engine()->channels()) {
        const PublisherState &s = channel->state();
        if (!s.error.isEmpty() && s.permanent)
            errors.append(s.error);
    }
    if (errors.isEmpty())
        return;
    m_failed = true;
    m_progress.stop();
    Q_EMIT permanentFailure(errors.join(u"; "_qs));
}

QStringList StartupWatch::awaited() const
{
    QStringList parts;
    for (const QString &item : m_workspace->engine()->notReady()) {
        const QString context = item.section(u':', 0, 0);
        const ContextConnection *c = m_workspace->connection(context);
        const ContextSession *session = c ? c->session() : nullptr;
        if (session && session->status() == ContextSession::Status::Degraded)
            parts.append(u"%1 (%2)"_qs.arg(item, session->statusMessage()));
        else
            parts.append(item);
    }
    return parts;
}

void StartupWatch::report()
{
    const QStringList parts = awaited();
    if (parts.isEmpty())
        return;
    logEvent(lcStartup(), QtInfoMsg, u"still waiting for: %1"_qs.arg(parts.join(u"; "_qs)),
             {u"waiting"_qs, {}, {}, {}, {}, parts.join(u"; "_qs), {}});
}
