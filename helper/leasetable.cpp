#include "leasetable.h"

#include "helperlog.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>

LeaseTable::LeaseTable(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_watcher(QString(), bus, QDBusServiceWatcher::WatchForUnregistration)
{
    connect(&m_watcher, &QDBusServiceWatcher::serviceUnregistered, this, &LeaseTable::ownerGone);
}

void LeaseTable::hold(const QString &marker, const QString &owner, uint uid)
{
    const QString previous = m_leases.value(marker).owner;
    m_leases.insert(marker, {owner, uid});
    if (!previous.isEmpty() && previous != owner)
        unwatchIfUnused(previous);
    if (m_watcher.watchedServices().contains(owner))
        return;
    m_watcher.addWatchedService(owner);
    // The owner may have left before the watch was in place; unique names are never reused,
    // so one question after adding the watch closes that gap.
    const QDBusMessage query =
        QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("NameHasOwner"))
        << owner;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(query), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, owner](QDBusPendingCallWatcher *call) {
                call->deleteLater();
                const QDBusMessage reply = call->reply();
                const bool present = reply.type() == QDBusMessage::ReplyMessage &&
                                     reply.signature() == u"b" &&
                                     reply.arguments().constFirst().toBool();
                if (!present)
                    ownerGone(owner);
            });
}

void LeaseTable::release(const QString &marker)
{
    const QString owner = m_leases.take(marker).owner;
    if (!owner.isEmpty())
        unwatchIfUnused(owner);
}

void LeaseTable::ownerGone(const QString &owner)
{
    m_watcher.removeWatchedService(owner);
    QList<std::pair<QString, uint>> ended;
    for (auto it = m_leases.cbegin(); it != m_leases.cend(); ++it) {
        if (it->owner == owner)
            ended.append({it.key(), it->uid});
    }
    for (const auto &[marker, uid] : std::as_const(ended)) {
        m_leases.remove(marker);
        qCInfo(lcHelper) << "lease on" << marker << "expired:" << owner << "disconnected";
        Q_EMIT expired(marker, uid);
    }
}

void LeaseTable::unwatchIfUnused(const QString &owner)
{
    for (const Lease &lease : std::as_const(m_leases)) {
        if (lease.owner == owner)
            return;
    }
    m_watcher.removeWatchedService(owner);
}
