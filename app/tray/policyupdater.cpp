#include "app/tray/policyupdater.h"

#include "app/tray/dbusreply.h"
#include "app/tray/traylogging.h"
#include "core/sink/helperprotocol.h"

#include <QDBusMessage>
#include <QTimer>

PolicyUpdater::PolicyUpdater(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{}

void PolicyUpdater::allowDomain(const NamePolicy &current, const QString &domain)
{
    NamePolicy wanted = current;
    QString error;
    if (!wanted.allowDomain(domain, &error, NamePolicy::Scope::System)) {
        QTimer::singleShot(0, this, [this, error] { Q_EMIT failed(error); });
        return;
    }
    // Additive: the helper adds the domain to the file as it is now, so this view of the
    // policy, however old, never undoes an administrator's edits.
    QDBusMessage call = QDBusMessage::createMethodCall(
        HelperProtocol::serviceName(), HelperProtocol::objectPath(),
        HelperProtocol::interfaceName(), QStringLiteral("AllowDomains"));
    call << QStringList{domain};
    send(call, wanted);
}

void PolicyUpdater::allowPublicAddresses(const NamePolicy &current)
{
    NamePolicy wanted = current;
    wanted.setAllowPublicAddresses(true);
    QDBusMessage call = QDBusMessage::createMethodCall(
        HelperProtocol::serviceName(), HelperProtocol::objectPath(),
        HelperProtocol::interfaceName(), QStringLiteral("SetPolicy"));
    call << wanted.extraDomains() << wanted.allowsPublicAddresses();
    send(call, wanted);
}

void PolicyUpdater::send(QDBusMessage call, const NamePolicy &wanted)
{
    call.setInteractiveAuthorizationAllowed(true); // the administrator prompt
    qCInfo(lcTray).noquote() << QStringLiteral("asking the helper to allow %1%2")
                                    .arg(wanted.extraDomains().join(QStringLiteral(", ")),
                                         wanted.allowsPublicAddresses()
                                             ? QStringLiteral(" and public addresses")
                                             : QString());
    // A person may take a while to type the password.
    onDBusReply(m_bus.asyncCall(call, 6 * 60 * 1000), this,
                [this, wanted](QDBusPendingCallWatcher *w) {
                    if (!w->isError()) {
                        Q_EMIT policyChanged(wanted);
                        return;
                    }
                    const QDBusError e = w->error();
                    if (e.type() == QDBusError::ServiceUnknown)
                        Q_EMIT failed(QStringLiteral(
                            "The k8s-hosts helper is not installed, so the name policy cannot be "
                            "changed; install the k8s-hosts package, or add the domain to "
                            "/etc/k8s-hosts/policy.conf as root."));
                    else
                        Q_EMIT failed(
                            QStringLiteral("The name policy was not changed: %1").arg(e.message()));
                });
}
