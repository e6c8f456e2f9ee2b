#include "core/sink/helpersink.h"

#include "core/sink/helperprotocol.h"
#include "core/sink/wireentries.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcSink, "k8shosts.sink", QtInfoMsg)

HelperSink::HelperSink(const QDBusConnection &bus, QObject *parent)
    : HostsSink(parent)
    , m_bus(bus)
{
    WireEntries::registerMetaType();
}

bool HelperSink::isInstalled(const QDBusConnection &bus)
{
    if (!bus.isConnected() || !bus.interface())
        return false;
    const QString name = HelperProtocol::serviceName();
    if (bus.interface()->isServiceRegistered(name))
        return true;
    const QDBusReply<QStringList> activatable = bus.interface()->activatableServiceNames();
    return activatable.isValid() && activatable.value().contains(name);
}

void HelperSink::apply(const QString &marker, const HostEntries &entries)
{
    m_queue.enqueue({SinkReport::Operation::Apply, marker, entries});
    if (!m_inFlight)
        QTimer::singleShot(0, this, &HelperSink::sendNext);
    m_inFlight = true;
}

void HelperSink::clear(const QString &marker)
{
    m_queue.enqueue({SinkReport::Operation::Clear, marker, {}});
    if (!m_inFlight)
        QTimer::singleShot(0, this, &HelperSink::sendNext);
    m_inFlight = true;
}

void HelperSink::sendNext()
{
    const Request &request = m_queue.head();
    const bool applying = request.operation == SinkReport::Operation::Apply;
    QDBusMessage call = QDBusMessage::createMethodCall(
        HelperProtocol::serviceName(), HelperProtocol::objectPath(),
        HelperProtocol::interfaceName(),
        applying ? QStringLiteral("SetEntries") : QStringLiteral("Clear"));
    // We are a desktop app acting on a user's click or setting: a prompt is expected.
    call.setInteractiveAuthorizationAllowed(true);
    if (applying)
        call << request.marker << QVariant::fromValue(WireEntries{request.entries, false})
             << m_keepOnDisconnect;
    else
        call << request.marker;
    qCDebug(lcSink) << "calling the helper:" << call.member() << request.marker
                    << request.entries.size() << "entries";
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, callTimeoutMs), this);
    // Without a bus the call has failed already, and Qt 6.4's watcher never signals it.
    if (watcher->isFinished())
        QMetaObject::invokeMethod(
            this, [this, watcher] { handleReply(watcher); }, Qt::QueuedConnection);
    else
        connect(watcher, &QDBusPendingCallWatcher::finished, this, &HelperSink::handleReply);
}

void HelperSink::handleReply(QDBusPendingCallWatcher *watcher)
{
    watcher->deleteLater();
    const Request request = m_queue.dequeue();
    SinkReport report;
    report.operation = request.operation;
    report.marker = request.marker;
    if (watcher->isError()) {
        const QDBusError error = watcher->error();
        report.failure = classify(error.name());
        report.error = describe(report.failure, error.name(), error.message());
        report.permanent = isPermanent(report.failure, error.name());
        qCInfo(lcSink) << "the helper call failed:" << error.name() << error.message();
    } else if (request.operation == SinkReport::Operation::Apply) {
        report.current = request.entries; // the helper takes a request whole or not at all
        std::sort(report.current.begin(), report.current.end());
    }
    m_inFlight = !m_queue.isEmpty();
    if (m_inFlight)
        sendNext();
    Q_EMIT finished(report);
}

SinkReport::Failure HelperSink::classify(const QString &errorName)
{
    if (errorName == HelperProtocol::errorNotAuthorized())
        return SinkReport::Failure::NotAuthorized;
    if (errorName == HelperProtocol::errorInvalidArgument())
        return SinkReport::Failure::InvalidEntries;
    if (errorName == u"org.freedesktop.DBus.Error.ServiceUnknown" ||
        errorName == u"org.freedesktop.DBus.Error.NameHasNoOwner" ||
        errorName == u"org.freedesktop.DBus.Error.Spawn.ServiceNotFound")
        return SinkReport::Failure::NotInstalled;
    return SinkReport::Failure::Failed;
}

// Only a helper that did not answer in time, or whose write failed (a full disk), is worth
// another try on its own; the rest needs someone to install, approve or fix something.
bool HelperSink::isPermanent(SinkReport::Failure failure, const QString &errorName)
{
    if (failure != SinkReport::Failure::Failed)
        return true;
    return errorName == u"org.freedesktop.DBus.Error.AccessDenied" ||
           errorName.startsWith(u"org.freedesktop.DBus.Error.Spawn.") ||
           errorName == u"org.freedesktop.DBus.Error.Disconnected" ||
           errorName == u"org.freedesktop.DBus.Error.NoServer";
}

QString HelperSink::describe(SinkReport::Failure failure, const QString &errorName,
                             const QString &message)
{
    switch (failure) {
    case SinkReport::Failure::None:
        return {};
    case SinkReport::Failure::NotInstalled:
        return QStringLiteral("The k8s-hosts helper is not installed (no %1 service on the "
                              "system bus); install the k8s-hosts package, or pass --hosts-file "
                              "with a file you can write")
            .arg(HelperProtocol::serviceName());
    case SinkReport::Failure::NotAuthorized:
        return QStringLiteral("Not allowed to change the hosts file: %1").arg(message);
    case SinkReport::Failure::InvalidEntries:
        return QStringLiteral("The helper refused the entries and wrote nothing: %1").arg(message);
    case SinkReport::Failure::Failed:
        break;
    }
    if (errorName == HelperProtocol::errorFailed())
        return QStringLiteral("The helper could not update the hosts file: %1").arg(message);
    if (errorName == u"org.freedesktop.DBus.Error.AccessDenied")
        return QStringLiteral("The system bus refused the call to the k8s-hosts helper (%1); its "
                              "D-Bus policy is missing or not loaded yet: reinstall the k8s-hosts "
                              "package, or reload the bus with: sudo systemctl reload dbus")
            .arg(message);
    if (errorName == u"org.freedesktop.DBus.Error.NoReply" ||
        errorName == u"org.freedesktop.DBus.Error.Timeout")
        return QStringLiteral("The k8s-hosts helper did not answer within %1 minutes (a password "
                              "prompt may have been left open); try again")
            .arg(callTimeoutMs / 60000);
    if (errorName.startsWith(u"org.freedesktop.DBus.Error.Spawn."))
        return QStringLiteral("The k8s-hosts helper is installed but did not start (%1); see "
                              "journalctl -u k8s-hosts-helper for why")
            .arg(message);
    if (errorName == u"org.freedesktop.DBus.Error.Disconnected" ||
        errorName == u"org.freedesktop.DBus.Error.NoServer")
        return QStringLiteral("Cannot reach the D-Bus system bus (%1); start the dbus service, "
                              "or pass --hosts-file with a file you can write")
            .arg(message);
    return QStringLiteral("The call to the k8s-hosts helper failed (%1: %2)")
        .arg(errorName, message);
}
