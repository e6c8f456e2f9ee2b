#include "helper/polkitauthority.h"

#include "helper/helperlog.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusVariant>

#include <unistd.h>

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

namespace {

// One asynchronous call whose reply goes to done, deleted afterwards.
void ask(const QDBusConnection &bus, const QDBusMessage &call, QObject *context,
         const std::function<void(const QDBusMessage &)> &done, int timeoutMs = -1)
{
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, timeoutMs), context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                     [done](QDBusPendingCallWatcher *w) {
                         w->deleteLater();
                         done(w->reply());
                     });
}

QDBusMessage busCall(const QString &method, const QString &sender)
{
    return QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"),
                                          QStringLiteral("/org/freedesktop/DBus"),
                                          QStringLiteral("org.freedesktop.DBus"), method)
           << sender;
}

} // namespace

void PolkitAuthority::identify(
    const QString &sender, const std::function<void(std::optional<uint>, const QString &)> &done)
{
    ask(m_bus, busCall(QStringLiteral("GetConnectionUnixUser"), sender), this,
        [done](const QDBusMessage &reply) {
            if (reply.type() != QDBusMessage::ReplyMessage || reply.signature() != u"u") {
                done(std::nullopt, QStringLiteral("the caller could not be identified on the bus "
                                                  "(%1); nothing was changed")
                                       .arg(reply.errorMessage()));
                return;
            }
            done(reply.arguments().constFirst().toUInt(), {});
        });
}

void PolkitAuthority::inActiveSession(const QString &sender, const std::function<void(bool)> &done)
{
    // The PID only chooses how long to wait for a password, never who may do what.
    ask(m_bus, busCall(QStringLiteral("GetConnectionUnixProcessID"), sender), this,
        [this, done](const QDBusMessage &pid) {
            if (pid.type() != QDBusMessage::ReplyMessage || pid.signature() != u"u") {
                done(false);
                return;
            }
            const QDBusMessage session =
                QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.login1"),
                                               QStringLiteral("/org/freedesktop/login1"),
                                               QStringLiteral("org.freedesktop.login1.Manager"),
                                               QStringLiteral("GetSessionByPID"))
                << pid.arguments().constFirst();
            ask(m_bus, session, this, [this, done](const QDBusMessage &path) {
                if (path.type() != QDBusMessage::ReplyMessage || path.signature() != u"o") {
                    done(false);
                    return;
                }
                const QDBusMessage active =
                    QDBusMessage::createMethodCall(
                        QStringLiteral("org.freedesktop.login1"),
                        path.arguments().constFirst().value<QDBusObjectPath>().path(),
                        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"))
                    << QStringLiteral("org.freedesktop.login1.Session") << QStringLiteral("Active");
                ask(m_bus, active, this, [done](const QDBusMessage &value) {
                    done(value.type() == QDBusMessage::ReplyMessage &&
                         value.arguments().constFirst().value<QDBusVariant>().variant().toBool());
                });
            });
        });
}

QString PolkitAuthority::authorize(const Check &check, const Callback &done)
{
    const QString id = QStringLiteral("k8s-hosts-%1-%2").arg(::getpid()).arg(++m_nextCheck);
    if (check.uid == 0) {
        QMetaObject::invokeMethod(
            this,
            [done] {
                done({true, 0, {}, false});
            },
            Qt::QueuedConnection);
        return id; // root may do anything polkit could grant
    }
    QDBusMessage request =
        QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.PolicyKit1"),
                                       QStringLiteral("/org/freedesktop/PolicyKit1/Authority"),
                                       QStringLiteral("org.freedesktop.PolicyKit1.Authority"),
                                       QStringLiteral("CheckAuthorization"));
    request << QVariant::fromValue(systemBusNameSubject(check.sender)) << check.action
            << QVariant::fromValue(stringMap(check.details))
            << (check.interactive ? allowUserInteraction : 0u) << id;
    ask(
        m_bus, request, this,
        [check, done](const QDBusMessage &reply) {
            const Authorization verdict = interpret(reply, check);
            qCDebug(lcHelper) << "polkit:" << check.action << "uid" << check.uid
                              << (verdict.allowed ? "allowed" : "denied") << verdict.denial;
            done(verdict);
        },
        check.timeoutMs);
    return id;
}

void PolkitAuthority::cancel(const QString &cancellationId)
{
    const QDBusMessage call =
        QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.PolicyKit1"),
                                       QStringLiteral("/org/freedesktop/PolicyKit1/Authority"),
                                       QStringLiteral("org.freedesktop.PolicyKit1.Authority"),
                                       QStringLiteral("CancelCheckAuthorization"))
        << cancellationId;
    m_bus.call(call, QDBus::NoBlock);
}

Authorization PolkitAuthority::interpret(const QDBusMessage &reply, const Check &check)
{
    const uint uid = check.uid;
    const QString &action = check.action;
    if (reply.type() != QDBusMessage::ReplyMessage || reply.signature() != u"(bba{ss})")
        return {false, uid,
                QStringLiteral("polkit could not be asked (%1), so the request is denied; make "
                               "sure polkitd is installed and running (systemctl status polkit)")
                    .arg(reply.type() == QDBusMessage::ErrorMessage ? reply.errorMessage()
                                                                    : QStringLiteral("bad reply")),
                false};
    bool authorized = false;
    bool challenge = false;
    QMap<QString, QString> details;
    const QDBusArgument result = reply.arguments().constFirst().value<QDBusArgument>();
    result.beginStructure();
    result >> authorized >> challenge >> details;
    result.endStructure();
    if (authorized)
        return {true, uid, {}, false};
    if (!details.value(QStringLiteral("polkit.dismissed")).isEmpty())
        return {false, uid,
                QStringLiteral("the administrator password prompt was dismissed, so nothing was "
                               "changed; try again and enter the password when asked"),
                false};
    if (challenge && !check.interactive)
        return {false, uid,
                QStringLiteral("%1 needs an administrator password, and this call did not allow "
                               "asking for one; call again allowing interactive authorization")
                    .arg(action),
                true};
    if (challenge)
        return {false, uid,
                QStringLiteral("an administrator password is needed for %1, but no polkit "
                               "authentication agent answered in your session; start your "
                               "desktop's polkit agent, or ask an administrator to allow the "
                               "action with a polkit rule")
                    .arg(action),
                false};
    return {false, uid,
            QStringLiteral("polkit does not allow uid %1 to perform %2; an administrator can "
                           "allow it with a polkit rule")
                .arg(uid)
                .arg(action),
            false};
}
