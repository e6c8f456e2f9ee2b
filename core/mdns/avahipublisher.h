#pragma once

#include "core/mdns/mdnsnames.h"
#include "core/sink/publisher.h"

#include <QDBusConnection>
#include <QQueue>
#include <QTimer>

class QDBusMessage;
class QDBusServiceWatcher;

// The .local names on multicast DNS through avahi-daemon's D-Bus API (Linux): one entry
// group per name, holding all its addresses (A and AAAA, no reverse record, so names may
// share an address). No root and no helper: Avahi's own lease keeps the records exactly as
// long as our bus connection, so a crash leaves nothing behind. A name another host already
// answers for (a collision) is reported, never renamed; when avahi-daemon restarts, the
// publisher says the names were lost and the engine publishes them again.
class AvahiPublisher : public Publisher
{
    Q_OBJECT

public:
    explicit AvahiPublisher(const QDBusConnection &bus, QObject *parent = nullptr);
    ~AvahiPublisher() override; // our entry groups go with our bus connection anyway

    QString name() const override { return QStringLiteral("mDNS"); }
    QString target() const override { return QStringLiteral("avahi-daemon (.local names)"); }
    // Avahi holds nothing of ours before we publish: its records live with our connection.
    std::optional<HostEntries> readHeld(QString *error) const override;
    void publish(const HostEntries &entries) override;
    void withdraw() override;

    // How long a name may take to be confirmed (probing takes about a second).
    void setConfirmTimeout(int ms) { m_confirm.setInterval(ms); }

private Q_SLOTS:
    void onGroupStateChanged(const QDBusMessage &message);

private:
    struct Group
    {
        QString path;
        QStringList addresses;
        int state = -1; // Avahi's AvahiEntryGroupState; -1 before the first report
    };
    struct Request
    {
        PublishResult::Operation operation;
        HostEntries entries;
    };

    void startNext();
    void apply(const HostEntries &entries);
    void withdrawAll();
    bool place(const QString &host, const QStringList &addresses, QString *error);
    void freeGroup(const QString &host);
    void settleIfDone();
    void finish();
    bool call(const QString &path, const QString &interface, const QString &method,
              const QVariantList &arguments, QDBusMessage *reply, QString *error);

    QDBusConnection m_bus;
    QDBusServiceWatcher *m_watcher;
    QMap<QString, Group> m_groups; // by host
    QQueue<Request> m_queue;
    bool m_busy = false;
    PublishResult m_result; // of the request under way
    HostEntries m_desired;  // its entries
    MdnsNames m_names;      // its .local names
    QTimer m_confirm;
};
