#include "app/tray/contextstatus.h"

#include "core/sync/contextconnection.h"
#include "core/sync/workspace.h"

namespace {

QString hostsText(int n)
{
    return n == 1 ? QStringLiteral("1 host") : QStringLiteral("%1 hosts").arg(n);
}

} // namespace

ContextStatus ContextStatus::of(const Workspace &workspace, const QString &context)
{
    ContextStatus s;
    if (!workspace.isEnabled(context)) {
        s.text = QStringLiteral("off");
        return s;
    }
    const ContextConnection *connection = workspace.connection(context);
    if (!connection) {
        s.kind = Kind::Missing;
        s.text = QStringLiteral("not in kubeconfig");
        s.detail = QStringLiteral("The kubeconfig no longer has a context named \"%1\"; it is "
                                  "synced again as soon as it comes back.")
                       .arg(context);
        return s;
    }
    for (const HostMapping &m : workspace.engine()->mappings()) {
        if (m.state == MappingState::Active && m.source.context == context)
            ++s.hosts;
    }
    if (!connection->error().isEmpty()) {
        s.kind = Kind::Error;
        s.text = QStringLiteral("error");
        s.detail = connection->error();
        return s;
    }
    const ContextSession *session = connection->session();
    s.detail = session->statusMessage();
    switch (session->status()) {
    case ContextSession::Status::Connecting:
        s.kind = Kind::Connecting;
        s.text = QStringLiteral("connecting…");
        break;
    case ContextSession::Status::Syncing:
        s.kind = Kind::Syncing;
        s.text = QStringLiteral("syncing…");
        break;
    case ContextSession::Status::Synced:
        s.kind = Kind::Synced;
        s.text = QStringLiteral("synced · ") + hostsText(s.hosts);
        s.detail.clear();
        break;
    case ContextSession::Status::Degraded:
    case ContextSession::Status::Failed:
        s.kind = Kind::Error;
        s.text = QStringLiteral("error");
        break;
    }
    return s;
}
