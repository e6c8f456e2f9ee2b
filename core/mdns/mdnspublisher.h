#pragma once

#include "core/mdns/mdnsnames.h"
#include "core/sink/publisher.h"

#include <QMap>
#include <QQueue>
#include <QTimer>

// What every mDNS publisher does the same way, whatever the daemon (Avahi on Linux,
// mDNSResponder on macOS): one request at a time, the plan between what the daemon confirmed
// and what is wanted (MdnsPlan), the wait for its confirmations, and the result. A subclass
// only speaks to its daemon. The daemon holds nothing of ours before we publish: its records
// live with our connection, so a crash leaves nothing behind.
class MdnsPublisher : public Publisher
{
    Q_OBJECT

public:
    std::optional<HostEntries> readHeld(QString *error) const override;
    void publish(const HostEntries &entries) override;
    void withdraw() override;

    // How long a name may take to be confirmed (probing takes about a second).
    void setConfirmTimeout(int ms) { m_confirm.setInterval(ms); }

protected:
    // daemon: "avahi-daemon", in what is said about it.
    explicit MdnsPublisher(QString daemon, QObject *parent = nullptr);

    // What the daemon holds of ours now.
    struct Records
    {
        QMap<QString, QStringList> confirmed; // host → the addresses it confirmed (sorted)
        QStringList unconfirmed;              // hosts with a record it has not confirmed yet
    };

    // Whether the daemon can take records now; else *error says why (and that we retry).
    virtual bool ready(QString *error) = 0;
    virtual Records records() const = 0;
    // Registers host with exactly these addresses (replacing what it had); false with *error.
    virtual bool place(const QString &host, const QStringList &addresses, QString *error) = 0;
    virtual void remove(const QString &host) = 0;
    virtual void removeAll() = 0;

    // From the daemon's callbacks: host is not published, for reason.
    void refuse(const QString &host, const QStringList &addresses, const QString &reason);
    // A record's state changed: finish the request once nothing waits for the daemon.
    void settleIfDone();
    // The daemon went away during a request: it fails with error.
    void failRequest(const QString &error);
    bool busy() const { return m_busy; }
    // The hosts and addresses of the request under way.
    const MdnsNames &names() const { return m_names; }

private:
    struct Request
    {
        PublishResult::Operation operation;
        HostEntries entries;
    };

    void startNext();
    void apply(const HostEntries &entries);
    void finish();

    QString m_daemon;
    QQueue<Request> m_queue;
    bool m_busy = false;
    PublishResult m_result; // of the request under way
    HostEntries m_desired;  // its entries
    MdnsNames m_names;      // its .local names
    QTimer m_confirm;
};
