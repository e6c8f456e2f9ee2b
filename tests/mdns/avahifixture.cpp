#include "tests/mdns/avahifixture.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QThread>

namespace {

bool writeFile(const QString &path, const QByteArray &text, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QByteArray busConfig(const QString &socket)
{
    return QStringLiteral(
               "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
               "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
               "<busconfig><type>system</type><listen>unix:path=%1</listen>"
               "<policy context=\"default\"><allow user=\"*\"/><allow own=\"*\"/>"
               "<allow send_destination=\"*\"/><allow receive_sender=\"*\"/></policy>"
               "</busconfig>\n")
        .arg(socket)
        .toUtf8();
}

QByteArray avahiConfig(bool publishAddresses, const QString &hostName)
{
    return QStringLiteral("[server]\nhost-name=%1\nuse-ipv4=yes\nuse-ipv6=yes\n"
                          "allow-interfaces=lo\nenable-dbus=yes\nratelimit-interval-usec=0\n"
                          "[wide-area]\nenable-wide-area=no\n"
                          "[publish]\npublish-addresses=%2\npublish-hinfo=no\n"
                          "publish-workstation=no\n")
        .arg(hostName, publishAddresses ? QStringLiteral("yes") : QStringLiteral("no"))
        .toUtf8();
}

void stop(QProcess *process)
{
    if (!process || process->state() == QProcess::NotRunning)
        return;
    process->terminate(); // our own child, by its PID
    if (!process->waitForFinished(10000))
        process->kill();
    process->waitForFinished(5000);
}

} // namespace

AvahiFixture::AvahiFixture() = default;

AvahiFixture::~AvahiFixture()
{
    for (QProcess *p : std::as_const(m_publishers)) {
        stop(p);
        delete p;
    }
    stop(m_neighbour.get());
    stop(m_daemon.get());
    stop(m_neighbourBus.get());
    stop(m_bus.get());
}

QString AvahiFixture::busAddress() const
{
    return QStringLiteral("unix:path=") + m_dir.filePath(QStringLiteral("bus"));
}

QString AvahiFixture::log() const
{
    QFile file(m_dir.filePath(QStringLiteral("avahi.log")));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll().right(3000))
                                          : QString();
}

bool AvahiFixture::startBus(const QString &name, QProcess *bus, QString *error)
{
    const QString config = m_dir.filePath(name + QStringLiteral(".conf"));
    if (!writeFile(config, busConfig(m_dir.filePath(name)), error))
        return false;
    bus->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    bus->start(QStringLiteral("dbus-daemon"),
               {QStringLiteral("--config-file=") + config, QStringLiteral("--nofork")});
    const QDeadlineTimer deadline(10000);
    while (!QFile::exists(m_dir.filePath(name))) {
        if (deadline.hasExpired() || bus->state() == QProcess::NotRunning) {
            *error = QStringLiteral("the private bus %1 did not start").arg(name);
            return false;
        }
        QThread::msleep(20);
    }
    return true;
}

bool AvahiFixture::start(QString *error)
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/avahi-daemon"))) {
        *error = QStringLiteral("avahi-daemon is not installed (scripts/install-deps installs it)");
        return false;
    }
    m_bus = std::make_unique<QProcess>();
    return startBus(QStringLiteral("bus"), m_bus.get(), error) &&
           writeFile(m_dir.filePath(QStringLiteral("avahi.conf")),
                     avahiConfig(true, QStringLiteral("k8s-hosts-test")), error) &&
           startDaemon(error);
}

bool AvahiFixture::startAvahi(QProcess *daemon, const QString &busName, const QString &config,
                              const QString &network, QString *error)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"),
               QStringLiteral("unix:path=") + m_dir.filePath(busName));
    daemon->setProcessEnvironment(env);
    daemon->setStandardOutputFile(m_dir.filePath(busName == u"bus"
                                                     ? QStringLiteral("avahi.log")
                                                     : QStringLiteral("neighbour.log")),
                                  QIODevice::Append);
    daemon->setProcessChannelMode(QProcess::MergedChannels);
    // Its own /run (Avahi keeps its PID file and socket there) and, unless it joins ours,
    // its own network with only loopback.
    const QString script =
        QStringLiteral("%1mount -t tmpfs tmpfs /run && mkdir /run/avahi-daemon && exec "
                       "avahi-daemon --no-drop-root --no-chroot --no-rlimits -f %2")
            .arg(network.isEmpty() ? QStringLiteral("ip link set lo up && ") : QString(), config);
    if (network.isEmpty())
        daemon->start(QStringLiteral("unshare"),
                      {QStringLiteral("-n"), QStringLiteral("-m"), QStringLiteral("sh"),
                       QStringLiteral("-c"), script});
    else
        daemon->start(QStringLiteral("nsenter"),
                      {QStringLiteral("--net=") + network, QStringLiteral("unshare"),
                       QStringLiteral("-m"), QStringLiteral("sh"), QStringLiteral("-c"), script});
    if (!daemon->waitForStarted(10000)) {
        *error = QStringLiteral("avahi-daemon did not start: %1").arg(daemon->errorString());
        return false;
    }
    return waitForName(busName, error);
}

bool AvahiFixture::startDaemon(QString *error)
{
    m_daemon = std::make_unique<QProcess>();
    const QString network =
        m_networkPid > 0 ? QStringLiteral("/proc/%1/ns/net").arg(m_networkPid) : QString();
    // Restarted, it joins the network it had (kept by the neighbour, or a placeholder).
    if (!startAvahi(m_daemon.get(), QStringLiteral("bus"),
                    m_dir.filePath(QStringLiteral("avahi.conf")), network, error))
        return false;
    if (m_networkPid == 0)
        m_networkPid = m_daemon->processId();
    return true;
}

void AvahiFixture::stopDaemon()
{
    // Keep the network alive for the restart: a sleeper holds it.
    auto *holder = new QProcess;
    holder->start(QStringLiteral("nsenter"),
                  {QStringLiteral("--net=/proc/%1/ns/net").arg(m_networkPid),
                   QStringLiteral("sleep"), QStringLiteral("600")});
    holder->waitForStarted(5000);
    m_publishers.append(holder);
    m_networkPid = holder->processId();
    stop(m_daemon.get());
}

bool AvahiFixture::startNeighbour(QString *error)
{
    m_neighbourBus = std::make_unique<QProcess>();
    m_neighbour = std::make_unique<QProcess>();
    const QString config = m_dir.filePath(QStringLiteral("neighbour.conf"));
    // It publishes no addresses of its own: both hosts share loopback's.
    return startBus(QStringLiteral("neighbour-bus"), m_neighbourBus.get(), error) &&
           writeFile(config, avahiConfig(false, QStringLiteral("neighbour")), error) &&
           startAvahi(m_neighbour.get(), QStringLiteral("neighbour-bus"), config,
                      QStringLiteral("/proc/%1/ns/net").arg(m_networkPid), error);
}

bool AvahiFixture::neighbourPublishes(const QString &name, const QString &address, QString *error)
{
    auto *publisher = new QProcess;
    m_publishers.append(publisher);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"),
               QStringLiteral("unix:path=") + m_dir.filePath(QStringLiteral("neighbour-bus")));
    publisher->setProcessEnvironment(env);
    publisher->setProcessChannelMode(QProcess::MergedChannels);
    publisher->start(QStringLiteral("avahi-publish"),
                     {QStringLiteral("-a"), QStringLiteral("-R"), name, address});
    const QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired()) {
        publisher->waitForReadyRead(200);
        if (publisher->readAll().contains("Established") ||
            lookup(name, QStringLiteral("A")).contains(address))
            return true;
    }
    *error = QStringLiteral("the neighbour could not publish %1").arg(name);
    return false;
}

bool AvahiFixture::waitForName(const QString &busName, QString *error) const
{
    const QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        QProcess check;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + m_dir.filePath(busName));
        check.setProcessEnvironment(env);
        check.start(QStringLiteral("avahi-resolve"),
                    {QStringLiteral("-n"), QStringLiteral("nothing-here.local")});
        check.waitForFinished(10000);
        const QByteArray out = check.readAllStandardError() + check.readAllStandardOutput();
        if (!out.contains("Daemon not running") && !out.contains("Failed to create client"))
            return true;
        QThread::msleep(200);
    }
    *error = QStringLiteral("avahi-daemon did not come up: %1").arg(log());
    return false;
}

QStringList AvahiFixture::lookup(const QString &name, const QString &type) const
{
    QProcess dig;
    dig.start(QStringLiteral("nsenter"),
              {QStringLiteral("--net=/proc/%1/ns/net").arg(m_networkPid), QStringLiteral("dig"),
               QStringLiteral("-p"), QStringLiteral("5353"), QStringLiteral("@127.0.0.1"),
               QStringLiteral("+short"), QStringLiteral("+tries=1"), QStringLiteral("+time=2"),
               name, type});
    dig.waitForFinished(10000);
    QStringList values =
        QString::fromUtf8(dig.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    values.removeIf([](const QString &line) { return line.startsWith(u';'); });
    values.sort();
    return values;
}

QString AvahiFixture::resolve(const QString &name) const
{
    QProcess resolver;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), busAddress());
    resolver.setProcessEnvironment(env);
    resolver.start(QStringLiteral("avahi-resolve"),
                   {QStringLiteral("-4"), QStringLiteral("-n"), name});
    resolver.waitForFinished(15000);
    // "taken.local\t10.9.9.9"
    return QString::fromUtf8(resolver.readAllStandardOutput()).trimmed().section(u'\t', 1);
}
