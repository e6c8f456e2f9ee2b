#include "core/mdns/avahipublisher.h"

#include "core/mdns/mdnsplan.h"

#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusServiceWatcher>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcMdns, "k8shosts.mdns", QtInfoMsg)

namespace {

const QString service = QStringLiteral("org.freedesktop.Avahi");
const QString serverInterface = QStringLiteral("org.freedesktop.Avahi.Server");
const QString groupInterface = QStringLiteral("org.freedesktop.Avahi.EntryGroup");

// avahi-common/defs.h and address.h
constexpr int interfaceUnspecified = -1;
constexpr int protocolUnspecified = -1;
constexpr uint publishNoReverse = 16; // names may share an address: no PTR to fight over
constexpr int serverRunning = 2;
enum GroupState
{
    Uncommitted = 0,
    Registering = 1,
    Established = 2,
    Collision = 3,
    Failure = 4,
};
constexpr int callTimeoutMs = 5000;

} // namespace

AvahiPublisher::AvahiPublisher(const QDBusConnection &bus, QObject *parent)
    : MdnsPublisher(QStringLiteral("avahi-daemon"), parent)
    , m_bus(bus)
    , m_watcher(new QDBusServiceWatcher(service, bus,
                                        QDBusServiceWatcher::WatchForRegistration |
                                            QDBusServiceWatcher::WatchForUnregistration,
                                        this))
{
    // Every entry group's state, whichever path: ours are told apart by their path.
    m_bus.connect(service, {}, groupInterface, QStringLiteral("StateChanged"), this,
                  SLOT(onGroupStateChanged(QDBusMessage)));
    connect(m_watcher, &QDBusServiceWatcher::serviceUnregistered, this, [this] {
        const bool had = !m_groups.isEmpty();
        m_groups.clear(); // they went with the daemon
        if (had)
            Q_EMIT lostOutside(QStringLiteral(
                "avahi-daemon stopped: the .local names are not answered until it is back"));
    });
    connect(m_watcher, &QDBusServiceWatcher::serviceRegistered, this, [this] {
        m_groups.clear();
        Q_EMIT lostOutside(QStringLiteral("avahi-daemon (re)started: publishing the .local names "
                                          "again"));
    });
}

AvahiPublisher::~AvahiPublisher()
{
    for (const Group &g : std::as_const(m_groups))
        m_bus.call(
            QDBusMessage::createMethodCall(service, g.path, groupInterface, QStringLiteral("Free")),
            QDBus::Block, callTimeoutMs);
}

bool AvahiPublisher::call(const QString &path, const QString &interface, const QString &method,
                          const QVariantList &arguments, QDBusMessage *reply, QString *error)
{
    QDBusMessage message = QDBusMessage::createMethodCall(service, path, interface, method);
    message.setArguments(arguments);
    *reply = m_bus.call(message, QDBus::Block, callTimeoutMs);
    if (reply->type() != QDBusMessage::ErrorMessage)
        return true;
    *error = reply->errorMessage().isEmpty() ? reply->errorName() : reply->errorMessage();
    return false;
}

bool AvahiPublisher::ready(QString *error)
{
    QDBusMessage reply;
    QString why;
    if (!call(QStringLiteral("/"), serverInterface, QStringLiteral("GetState"), {}, &reply, &why)) {
        *error = QStringLiteral("cannot reach avahi-daemon on the system bus (%1); is it "
                                "installed and running? (systemctl start avahi-daemon)")
                     .arg(why);
        return false;
    }
    if (const int state = reply.arguments().value(0).toInt(); state != serverRunning) {
        *error = QStringLiteral("avahi-daemon is not ready (server state %1); retrying").arg(state);
        return false;
    }
    return true;
}

// A group is confirmed whole (Established); one that collided or failed is freed at once.
MdnsPublisher::Records AvahiPublisher::records() const
{
    Records now;
    for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
        if (it->state == Established)
            now.confirmed.insert(it.key(), it->addresses);
        else
            now.unconfirmed.append(it.key());
    }
    return now;
}

// One name in its own entry group: a collision is then this name's alone.
bool AvahiPublisher::place(const QString &host, const QStringList &addresses, QString *error)
{
    QDBusMessage reply;
    Group group = m_groups.value(host);
    if (group.path.isEmpty()) {
        if (!call(QStringLiteral("/"), serverInterface, QStringLiteral("EntryGroupNew"), {}, &reply,
                  error))
            return false;
        group.path = reply.arguments().value(0).value<QDBusObjectPath>().path();
    } else if (!call(group.path, groupInterface, QStringLiteral("Reset"), {}, &reply, error)) {
        return false;
    }
    group.addresses = addresses;
    group.state = Registering;
    m_groups.insert(host, group);
    for (const QString &address : addresses) {
        if (!call(group.path, groupInterface, QStringLiteral("AddAddress"),
                  {interfaceUnspecified, protocolUnspecified, publishNoReverse, host, address},
                  &reply, error))
            return false;
    }
    return call(group.path, groupInterface, QStringLiteral("Commit"), {}, &reply, error);
}

void AvahiPublisher::remove(const QString &host)
{
    const Group group = m_groups.take(host);
    QDBusMessage reply;
    QString ignored; // gone already is as good as freed
    if (!group.path.isEmpty())
        call(group.path, groupInterface, QStringLiteral("Free"), {}, &reply, &ignored);
}

void AvahiPublisher::removeAll()
{
    const QStringList hosts = m_groups.keys();
    for (const QString &host : hosts)
        remove(host);
}

void AvahiPublisher::onGroupStateChanged(const QDBusMessage &message)
{
    const int state = message.arguments().value(0).toInt();
    for (auto it = m_groups.begin(); it != m_groups.end(); ++it) {
        if (it->path != message.path())
            continue;
        it->state = state;
        if (state == Collision || state == Failure) {
            // Copies: remove() below erases the entry they come from.
            const QString host = it.key(); // NOLINT(performance-unnecessary-copy-initialization)
            const QStringList addresses = it->addresses;
            const QString reason =
                state == Collision
                    ? MdnsPlan::collisionReason(host)
                    : MdnsPlan::refusalReason(QStringLiteral("avahi-daemon"), host,
                                              message.arguments().value(1).toString());
            qCWarning(lcMdns).noquote() << reason;
            refuse(host, addresses, reason);
            remove(host);
        }
        break;
    }
    settleIfDone();
}
