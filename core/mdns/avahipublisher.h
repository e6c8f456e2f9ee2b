#pragma once

#include "core/mdns/mdnspublisher.h"

#include <QDBusConnection>

class QDBusMessage;
class QDBusServiceWatcher;

// The .local names on multicast DNS through avahi-daemon's D-Bus API (Linux): one entry
// group per name, holding all its addresses (A and AAAA, no reverse record, so names may
// share an address). No root and no helper: Avahi's own lease keeps the records exactly as
// long as our bus connection, so a crash leaves nothing behind. A name another host already
// answers for (a collision) is reported, never renamed; when avahi-daemon restarts, the
// publisher says the names were lost and the engine publishes them again.
class AvahiPublisher : public MdnsPublisher
{
    Q_OBJECT

public:
    explicit AvahiPublisher(const QDBusConnection &bus, QObject *parent = nullptr);
    ~AvahiPublisher() override; // our entry groups go with our bus connection anyway

    QString name() const override { return QStringLiteral("mDNS"); }
    QString target() const override { return QStringLiteral("avahi-daemon (.local names)"); }

protected:
    bool ready(QString *error) override;
    Records records() const override;
    bool place(const QString &host, const QStringList &addresses, QString *error) override;
    void remove(const QString &host) override;
    void removeAll() override;

private Q_SLOTS:
    void onGroupStateChanged(const QDBusMessage &message);

private:
    struct Group
    {
        QString path;
        QStringList addresses;
        int state = -1; // Avahi's AvahiEntryGroupState; -1 before the first report
    };
    bool call(const QString &path, const QString &interface, const QString &method,
              const QVariantList &arguments, QDBusMessage *reply, QString *error);

    QDBusConnection m_bus;
    QDBusServiceWatcher *m_watcher;
    QMap<QString, Group> m_groups; // by host
};
