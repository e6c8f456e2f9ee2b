#pragma once

#include "core/mdns/mdnsnames.h"
#include "core/sink/publisher.h"

#include <QQueue>
#include <QTimer>

#include <dns_sd.h>
#include <map>
#include <memory>
#include <vector>

class QSocketNotifier;

// The .local names on multicast DNS through mDNSResponder (macOS, dns_sd.h): one connection,
// one registered record per name and address (A or AAAA, unique on the network, so
// mDNSResponder probes and reports a collision instead of answering twice). No root and no
// helper: the records live exactly as long as the connection, so a crash leaves nothing.
// The decisions (which names, what to change, what to say) are MdnsNames' and MdnsPlan's,
// tested on Linux with the Avahi publisher; this class only speaks dns_sd.
class DnsSdPublisher : public Publisher
{
    Q_OBJECT

public:
    explicit DnsSdPublisher(QObject *parent = nullptr);
    ~DnsSdPublisher() override; // deallocating the connection removes every record

    QString name() const override { return QStringLiteral("mDNS"); }
    QString target() const override { return QStringLiteral("mDNSResponder (.local names)"); }
    std::optional<HostEntries> readHeld(QString *error) const override;
    void publish(const HostEntries &entries) override;
    void withdraw() override;

private:
    struct Record
    {
        DnsSdPublisher *owner = nullptr;
        QString host;
        QString address;
        DNSRecordRef ref = nullptr;
        int error = 1; // 1: no answer yet; kDNSServiceErr_NoError (0) once registered
    };
    struct Request
    {
        PublishResult::Operation operation;
        HostEntries entries;
    };

    static void DNSSD_API onRegistered(DNSServiceRef connection, DNSRecordRef ref,
                                       DNSServiceFlags flags, DNSServiceErrorType error,
                                       void *context);

    void startNext();
    void apply(const HostEntries &entries);
    bool connectToDaemon(QString *error);
    void disconnectFromDaemon();
    bool registerHost(const QString &host, const QStringList &addresses, QString *error);
    void removeHost(const QString &host);
    void onRecordAnswered(Record *record, DNSServiceErrorType error);
    void onReadable();
    void settleIfDone();
    void finish();

    DNSServiceRef m_connection = nullptr;
    QSocketNotifier *m_notifier = nullptr;
    std::map<QString, std::vector<std::unique_ptr<Record>>> m_records; // by host
    QQueue<Request> m_queue;
    bool m_busy = false;
    PublishResult m_result;
    HostEntries m_desired;
    MdnsNames m_names;
    QTimer m_confirm;
};
