#include "helper/polkitauthority.h"

#include "helper/helperlog.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusVariant>

namespace {

constexpr uint allowUserInteraction = 0x1;

QDBusArgument systemBusNameSubject(const QString &sender)
{
    QDBusArgument subject;
    subject.beginStructure();
    subject << QStringLiteral("system-bus-name");
    subject.beginMap(QMetaType::fromType<QString>(), QMetaType::fromType<QDBusVariant>());
    subject.beginMapEntry();
    subject << QStringLiteral("name") << QDBusVariant(sender);
    subject.endMapEntry();
    subject.endMap();
    subject.endStructure();
    return subject;
}

QDBusArgument stringMap(const QMap<QString, QString> &map)
{
    QDBusArgument argument;
    argument.beginMap(QMetaType::fromType<QString>(), QMetaType::fromType<QString>());
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        argument.beginMapEntry();
        argument << it.key() << it.value();
        argument.endMapEntry();
    }
    argument.endMap();
    return argument;
}

} // namespace

PolkitAuthority::PolkitAuthority(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{}

void PolkitAuthority::check(const QString &sender, const QString &action,
                            const QMap<QString, QString> &details, Callback done)
{
    const QDBusMessage query =
        QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("GetConnectionUnixUser"))
        << sender;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(query), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, sender, action, details, done](QDBusPendingCallWatcher *call) {
                call->deleteLater();
                const QDBusMessage reply = call->reply();
                if (reply.type() != QDBusMessage::ReplyMessage || reply.signature() != u"u") {
                    done({false, 0,
                          QStringLiteral("the caller could not be identified on the bus (%1); "
                                         "nothing was changed")
                              .arg(call->error().message())});
                    return;
                }
                const uint uid = reply.arguments().constFirst().toUInt();
                if (uid == 0) {
                    done({true, 0, {}}); // root may do anything polkit could grant
                    return;
                }
                askPolkit(sender, action, details, uid, done);
            });
}

void PolkitAuthority::askPolkit(const QString &sender, const QString &action,
                                const QMap<QString, QString> &details, uint uid, Callback done)
{
    QDBusMessage request =
        QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.PolicyKit1"),
                                       QStringLiteral("/org/freedesktop/PolicyKit1/Authority"),
                                       QStringLiteral("org.freedesktop.PolicyKit1.Authority"),
                                       QStringLiteral("CheckAuthorization"));
    request << QVariant::fromValue(systemBusNameSubject(sender)) << action
            << QVariant::fromValue(stringMap(details)) << allowUserInteraction << QString();
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(request, checkTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [action, uid, done](QDBusPendingCallWatcher *call) {
                call->deleteLater();
                const Authorization verdict = interpret(call->reply(), action, uid);
                qCDebug(lcHelper) << "polkit:" << action << "uid" << uid
                                  << (verdict.allowed ? "allowed" : "denied") << verdict.denial;
                done(verdict);
            });
}

Authorization PolkitAuthority::interpret(const QDBusMessage &reply, const QString &action, uint uid)
{
    if (reply.type() != QDBusMessage::ReplyMessage || reply.signature() != u"(bba{ss})")
        return {false, uid,
                QStringLiteral("polkit could not be asked (%1), so the request is denied; make "
                               "sure polkitd is installed and running (systemctl status polkit)")
                    .arg(reply.type() == QDBusMessage::ErrorMessage ? reply.errorMessage()
                                                                    : QStringLiteral("bad reply"))};
    bool authorized = false;
    bool challenge = false;
    QMap<QString, QString> details;
    const QDBusArgument result = reply.arguments().constFirst().value<QDBusArgument>();
    result.beginStructure();
    result >> authorized >> challenge >> details;
    result.endStructure();
    if (authorized)
        return {true, uid, {}};
    if (!details.value(QStringLiteral("polkit.dismissed")).isEmpty())
        return {false, uid,
                QStringLiteral("the administrator password prompt was dismissed, so nothing was "
                               "changed; try again and enter the password when asked")};
    if (challenge)
        return {false, uid,
                QStringLiteral("an administrator password is needed for %1, but no polkit "
                               "authentication agent answered in your session; start your "
                               "desktop's polkit agent, or ask an administrator to allow the "
                               "action with a polkit rule")
                    .arg(action)};
    return {false, uid,
            QStringLiteral("polkit does not allow uid %1 to perform %2; an administrator can "
                           "allow it with a polkit rule")
                .arg(uid)
                .arg(action)};
}
