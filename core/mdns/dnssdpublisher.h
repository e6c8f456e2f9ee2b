#pragma once

#include "core/mdns/mdnspublisher.h"

#include <dns_sd.h>
#include <map>
#include <memory>
#include <vector>

class QSocketNotifier;

// The .local names on multicast DNS through mDNSResponder (macOS, dns_sd.h): one connection,
// one registered record per name and address (A or AAAA, unique on the network, so
// mDNSResponder probes and reports a collision instead of answering twice). No root and no
// helper: the records live exactly as long as the connection, so a crash leaves nothing.
// The decisions (which names, what to change, what to say) are MdnsPublisher's, MdnsNames'
// and MdnsPlan's, tested on Linux with the Avahi publisher; this class only speaks dns_sd.
class DnsSdPublisher : public MdnsPublisher
{
    Q_OBJECT

public:
    explicit DnsSdPublisher(QObject *parent = nullptr);
    ~DnsSdPublisher() override; // deallocating the connection removes every record

    QString name() const override { return QStringLiteral("mDNS"); }
    QString target() const override { return QStringLiteral("mDNSResponder (.local names)"); }

protected:
    bool ready(QString *error) override; // connects on the first request, and after a loss
    Records records() const override;
    bool place(const QString &host, const QStringList &addresses, QString *error) override;
    void remove(const QString &host) override;
    void removeAll() override; // every record goes with the connection

private:
    struct Record
    {
        DnsSdPublisher *owner = nullptr;
        QString host;
        QString address;
        DNSRecordRef ref = nullptr;
        int error = 1; // 1: no answer yet; kDNSServiceErr_NoError (0) once registered
    };
    static void DNSSD_API onRegistered(DNSServiceRef connection, DNSRecordRef ref,
                                       DNSServiceFlags flags, DNSServiceErrorType error,
                                       void *context);

    void onRecordAnswered(Record *record, DNSServiceErrorType error);
    void onReadable();

    DNSServiceRef m_connection = nullptr;
    QSocketNotifier *m_notifier = nullptr;
    std::map<QString, std::vector<std::unique_ptr<Record>>> m_records; // by host
};
