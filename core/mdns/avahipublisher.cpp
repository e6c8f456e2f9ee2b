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
    : Publisher(parent)
    , m_bus(bus)
    , m_watcher(new QDBusServiceWatcher(service, bus,
                                        QDBusServiceWatcher::WatchForRegistration |
                                            QDBusServiceWatcher::WatchForUnregistration,
                                        this))
{
    m_confirm.setSingleShot(true);
    m_confirm.setInterval(10000);
    connect(&m_confirm, &QTimer::timeout, this, &AvahiPublisher::finish);
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

std::optional<HostEntries> AvahiPublisher::readHeld(QString *error) const
{
    Q_UNUSED(error)
    return HostEntries{};
}

void AvahiPublisher::publish(const HostEntries &entries)
{
    m_queue.enqueue({PublishResult::Operation::Publish, entries});
    QMetaObject::invokeMethod(this, &AvahiPublisher::startNext, Qt::QueuedConnection);
}

void AvahiPublisher::withdraw()
{
    m_queue.enqueue({PublishResult::Operation::Withdraw, {}});
    QMetaObject::invokeMethod(this, &AvahiPublisher::startNext, Qt::QueuedConnection);
}

void AvahiPublisher::startNext()
{
    if (m_busy || m_queue.isEmpty())
        return;
    m_busy = true;
    const Request request = m_queue.dequeue();
    m_result = {};
    m_result.operation = request.operation;
    if (request.operation == PublishResult::Operation::Withdraw)
        withdrawAll();
    else
        apply(request.entries);
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

void AvahiPublisher::apply(const HostEntries &entries)
{
    m_desired = entries;
    m_names = MdnsNames::from(entries);
    m_result.refused = m_names.refused;
    QDBusMessage reply;
    QString error;
    if (!call(QStringLiteral("/"), serverInterface, QStringLiteral("GetState"), {}, &reply,
              &error)) {
        m_result.error = QStringLiteral("cannot reach avahi-daemon on the system bus (%1); is "
                                        "it installed and running? (systemctl start "
                                        "avahi-daemon)")
                             .arg(error);
        return finish();
    }
    if (const int state = reply.arguments().value(0).toInt(); state != serverRunning) {
        m_result.error = QStringLiteral("avahi-daemon is not ready (server state %1); "
                                        "retrying")
                             .arg(state);
        return finish();
    }
    QMap<QString, QStringList> established;
    for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
        if (it->state == Established)
            established.insert(it.key(), it->addresses);
    }
    const MdnsPlan plan = MdnsPlan::between(established, m_names);
    const QStringList ours = m_groups.keys(); // plan.remove, and unconfirmed ones not wanted
    for (const QString &host : ours) {
        if (!m_names.hosts.contains(host))
            freeGroup(host);
    }
    for (const QString &host : plan.place) {
        const QStringList addresses = m_names.hosts.value(host);
        if (!place(host, addresses, &error)) {
            for (const QString &address : addresses)
                m_result.refused.append(
                    {{address, host, {}},
                     EntryState::BlockedByPolicy,
                     MdnsPlan::refusalReason(QStringLiteral("avahi-daemon"), host, error)});
        }
    }
    m_confirm.start();
    settleIfDone();
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
        freeGroup(host);
        return false;
    }
    group.addresses = addresses;
    group.state = Registering;
    m_groups.insert(host, group);
    for (const QString &address : addresses) {
        if (!call(group.path, groupInterface, QStringLiteral("AddAddress"),
                  {interfaceUnspecified, protocolUnspecified, publishNoReverse, host, address},
                  &reply, error)) {
            freeGroup(host);
            return false;
        }
    }
    if (!call(group.path, groupInterface, QStringLiteral("Commit"), {}, &reply, error)) {
        freeGroup(host);
        return false;
    }
    return true;
}

void AvahiPublisher::freeGroup(const QString &host)
{
    const Group group = m_groups.take(host);
    QDBusMessage reply;
    QString ignored; // gone already is as good as freed
    if (!group.path.isEmpty())
        call(group.path, groupInterface, QStringLiteral("Free"), {}, &reply, &ignored);
}

void AvahiPublisher::withdrawAll()
{
    const QStringList hosts = m_groups.keys();
    for (const QString &host : hosts)
        freeGroup(host);
    m_desired.clear();
    m_names = {};
    finish();
}

void AvahiPublisher::onGroupStateChanged(const QDBusMessage &message)
{
    const int state = message.arguments().value(0).toInt();
    for (auto it = m_groups.begin(); it != m_groups.end(); ++it) {
        if (it->path != message.path())
            continue;
        it->state = state;
        if (state == Collision || state == Failure) {
            // A copy: freeGroup() below erases the entry it.key() refers to.
            const QString host = it.key(); // NOLINT(performance-unnecessary-copy-initialization)
            const QString reason =
                state == Collision
                    ? MdnsPlan::collisionReason(host)
                    : MdnsPlan::refusalReason(QStringLiteral("avahi-daemon"), host,
                                              message.arguments().value(1).toString());
            qCWarning(lcMdns).noquote() << reason;
            for (const QString &address : it->addresses)
                m_result.refused.append({{address, host, {}}, EntryState::BlockedByPolicy, reason});
            freeGroup(host);
        }
        break;
    }
    settleIfDone();
}

void AvahiPublisher::settleIfDone()
{
    if (!m_busy || !m_confirm.isActive())
        return;
    for (const Group &g : std::as_const(m_groups)) {
        if (g.state == Registering || g.state == Uncommitted || g.state == -1)
            return;
    }
    m_confirm.stop();
    finish();
}

void AvahiPublisher::finish()
{
    if (!m_busy)
        return;
    QMap<QString, QStringList> established;
    QStringList unconfirmed;
    for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
        if (it->state == Established)
            established.insert(it.key(), it->addresses);
        else
            unconfirmed.append(it.key());
    }
    if (m_result.ok() && !unconfirmed.isEmpty())
        m_result.error = QStringLiteral("avahi-daemon did not confirm %1 in time; retrying")
                             .arg(unconfirmed.join(QStringLiteral(", ")));
    m_result.held = MdnsNames::entriesOf(established, m_desired);
    m_confirm.stop();
    m_busy = false;
    const PublishResult result = m_result;
    Q_EMIT finished(result);
    startNext();
}
