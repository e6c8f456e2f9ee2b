#include "helper/leasetable.h"

#include "helper/helperlog.h"

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
    const QString unused = m_book.hold(marker, owner, uid);
    if (!unused.isEmpty())
        m_watcher.removeWatchedService(unused);
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
    const QString unused = m_book.release(marker);
    if (!unused.isEmpty())
        m_watcher.removeWatchedService(unused);
}

void LeaseTable::ownerGone(const QString &owner)
{
    m_watcher.removeWatchedService(owner);
    const QList<LeaseBook::Lease> ended = m_book.takeOwner(owner);
    for (const LeaseBook::Lease &lease : ended) {
        qCInfo(lcHelper) << "lease on" << lease.marker << "expired:" << owner << "disconnected";
        Q_EMIT expired(lease.marker, lease.uid);
    }
}
