#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// A real avahi-daemon for a test: its own system bus (a private dbus-daemon), its own network
// namespace with only loopback up and its own /run (unshare), started as root and stopped by
// PID. A second daemon, the "neighbour", can join the same network as another host would,
// on a bus of its own, to hold names of its own (avahi-publish).
class AvahiFixture
{
public:
    AvahiFixture();
    ~AvahiFixture();

    bool start(QString *error);
    void stopDaemon();                // as a crash or an upgrade would
    bool startDaemon(QString *error); // in the same network
    bool startNeighbour(QString *error);
    // The neighbour publishes name → address, as `avahi-publish -a -R` does.
    bool neighbourPublishes(const QString &name, const QString &address, QString *error);

    QString busAddress() const; // ours: "unix:path=…"
    // What mDNS answers for a name in our network (dig to port 5353, legacy unicast), sorted.
    QStringList lookup(const QString &name, const QString &type) const;
    // The IPv4 address another host's answer gives for a name, asked by multicast through our
    // daemon (avahi-resolve): what nss-mdns would see. Empty when nobody answers.
    QString resolve(const QString &name) const;
    QString log() const;

private:
    bool startBus(const QString &name, QProcess *bus, QString *error);
    bool startAvahi(QProcess *daemon, const QString &busName, const QString &config,
                    const QString &network, QString *error);
    bool waitForName(const QString &busName, QString *error) const;

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_bus;
    std::unique_ptr<QProcess> m_daemon;
    std::unique_ptr<QProcess> m_neighbourBus;
    std::unique_ptr<QProcess> m_neighbour;
    QList<QProcess *> m_publishers;
    qint64 m_networkPid = 0; // the process whose network namespace is ours
};
