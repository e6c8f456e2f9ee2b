#include "app/tray/helpermonitor.h"

#include "app/tray/dbusreply.h"
#include "core/sink/helperprotocol.h"
#include "core/sink/hostssink.h"

#include <QDBusMessage>
#include <QDBusPendingReply>

HelperMonitor::HelperMonitor(const QDBusConnection &bus, HostsSink *sink, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{
    connect(sink, &HostsSink::finished, this, &HelperMonitor::onReport);
}

void HelperMonitor::probe()
{
    // Activatable names come from the installed .service files: no helper is started.
    const QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("ListActivatableNames"));
    onDBusReply(m_bus.asyncCall(call), this, [this](QDBusPendingCallWatcher *w) {
        const QDBusPendingReply<QStringList> reply = *w;
        m_installed = !reply.isError() && reply.value().contains(HelperProtocol::serviceName())
                          ? Installed::Yes
                          : Installed::No;
        Q_EMIT changed();
    });
}

void HelperMonitor::onReport(const SinkReport &report)
{
    switch (report.failure) {
    case SinkReport::Failure::None:
    case SinkReport::Failure::InvalidEntries:
        m_installed = Installed::Yes;
        m_authorized = Authorized::Yes;
        m_lastError.clear();
        break;
    case SinkReport::Failure::NotAuthorized:
        m_installed = Installed::Yes;
        m_authorized = Authorized::No;
        m_lastError = report.error;
        break;
    case SinkReport::Failure::NotInstalled:
        m_installed = Installed::No;
        m_lastError = report.error;
        break;
    case SinkReport::Failure::Failed:
        m_lastError = report.error;
        break;
    }
    Q_EMIT changed();
}

QString HelperMonitor::text() const
{
    switch (m_installed) {
    case Installed::Unknown:
        return QStringLiteral("Helper: checking…");
    case Installed::No:
        return QStringLiteral("Helper: not installed");
    case Installed::Yes:
        break;
    }
    switch (m_authorized) {
    case Authorized::Yes:
        return QStringLiteral("Helper: installed, authorized");
    case Authorized::No:
        return QStringLiteral("Helper: installed, not authorized");
    case Authorized::Unknown:
        break;
    }
    return QStringLiteral("Helper: installed");
}

QString HelperMonitor::toolTip() const
{
    if (!m_lastError.isEmpty())
        return m_lastError;
    if (m_installed == Installed::No)
        return QStringLiteral("Install the k8s-hosts package to let k8s-hosts change /etc/hosts "
                              "(see README: Privileged helper)");
    return QStringLiteral("k8s-hosts-helper (%1) writes /etc/hosts for k8s-hosts")
        .arg(HelperProtocol::serviceName());
}
