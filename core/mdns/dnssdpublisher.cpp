#include "core/mdns/dnssdpublisher.h"

#include "core/mdns/mdnsplan.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <arpa/inet.h>
#include <cstring>

Q_LOGGING_CATEGORY(lcDnsSd, "k8shosts.mdns", QtInfoMsg)

namespace {

const QString responder = QStringLiteral("mDNSResponder");
constexpr int awaitingAnswer = 1;
// Named in dns_sd.h of newer SDKs only (spelled out so older headers build too).
constexpr DNSServiceErrorType serviceNotRunning = -65563;
constexpr DNSServiceErrorType policyDenied = -65570;

QString describe(DNSServiceErrorType error)
{
    switch (error) {
    case serviceNotRunning:
        return QStringLiteral("mDNSResponder is not running");
    case kDNSServiceErr_NoAuth:
    case policyDenied:
        return QStringLiteral("not permitted: allow k8s-hosts in System Settings → Privacy & "
                              "Security → Local Network");
    case kDNSServiceErr_BadParam:
        return QStringLiteral("mDNSResponder refused the name or address");
    default:
        return QStringLiteral("dns_sd error %1").arg(error);
    }
}

} // namespace

DnsSdPublisher::DnsSdPublisher(QObject *parent)
    : MdnsPublisher(responder, parent)
{}

DnsSdPublisher::~DnsSdPublisher()
{
    removeAll();
}

bool DnsSdPublisher::ready(QString *error)
{
    if (m_connection)
        return true;
    const DNSServiceErrorType status = DNSServiceCreateConnection(&m_connection);
    if (status != kDNSServiceErr_NoError) {
        m_connection = nullptr;
        *error = describe(status) + QStringLiteral("; retrying");
        return false;
    }
    m_notifier =
        new QSocketNotifier(DNSServiceRefSockFD(m_connection), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &DnsSdPublisher::onReadable);
    return true;
}

void DnsSdPublisher::removeAll()
{
    delete m_notifier;
    m_notifier = nullptr;
    if (m_connection)
        DNSServiceRefDeallocate(m_connection); // removes every record registered on it
    m_connection = nullptr;
    m_records.clear();
}

// A host is confirmed address by address; a record refused is removed with its host.
MdnsPublisher::Records DnsSdPublisher::records() const
{
    Records now;
    for (const auto &[host, list] : m_records) {
        QStringList addresses;
        for (const auto &record : list) {
            if (record->error == kDNSServiceErr_NoError)
                addresses.append(record->address);
            else if (!now.unconfirmed.contains(host))
                now.unconfirmed.append(host);
        }
        addresses.sort();
        if (!addresses.isEmpty())
            now.confirmed.insert(host, addresses);
    }
    return now;
}

void DnsSdPublisher::onReadable()
{
    const DNSServiceErrorType status = DNSServiceProcessResult(m_connection);
    if (status == kDNSServiceErr_NoError)
        return;
    // The daemon went away (restarted, or killed): our records went with it.
    qCWarning(lcDnsSd).noquote() << describe(status);
    const bool had = !m_records.empty();
    removeAll();
    if (busy())
        failRequest(QStringLiteral("lost the connection to mDNSResponder (%1); retrying")
                        .arg(describe(status)));
    else if (had)
        Q_EMIT lostOutside(QStringLiteral("mDNSResponder restarted: publishing the .local names "
                                          "again"));
}

bool DnsSdPublisher::place(const QString &host, const QStringList &addresses, QString *error)
{
    remove(host); // its old addresses
    const QByteArray fullName = host.toUtf8();
    auto &list = m_records[host];
    for (const QString &address : addresses) {
        const QHostAddress parsed(address);
        const bool v4 = parsed.protocol() == QAbstractSocket::IPv4Protocol;
        quint8 rdata[16] = {};
        if (v4) {
            const quint32 ip = htonl(parsed.toIPv4Address());
            std::memcpy(rdata, &ip, 4);
        } else {
            const Q_IPV6ADDR ip = parsed.toIPv6Address();
            std::memcpy(rdata, ip.c, 16);
        }
        auto record = std::make_unique<Record>();
        record->owner = this;
        record->host = host;
        record->address = address;
        record->error = awaitingAnswer;
        const DNSServiceErrorType status = DNSServiceRegisterRecord(
            m_connection, &record->ref, kDNSServiceFlagsUnique, 0, fullName.constData(),
            v4 ? kDNSServiceType_A : kDNSServiceType_AAAA, kDNSServiceClass_IN, v4 ? 4 : 16, rdata,
            0, &DnsSdPublisher::onRegistered, record.get());
        if (status != kDNSServiceErr_NoError) {
            *error = describe(status);
            return false;
        }
        list.push_back(std::move(record));
    }
    return true;
}

void DnsSdPublisher::remove(const QString &host)
{
    const auto it = m_records.find(host);
    if (it == m_records.end())
        return;
    for (const auto &record : it->second) {
        if (record->ref && m_connection)
            DNSServiceRemoveRecord(m_connection, record->ref, 0);
    }
    m_records.erase(it);
}

void DNSSD_API DnsSdPublisher::onRegistered(DNSServiceRef connection, DNSRecordRef ref,
                                            DNSServiceFlags flags, DNSServiceErrorType error,
                                            void *context)
{
    Q_UNUSED(connection)
    Q_UNUSED(ref)
    Q_UNUSED(flags)
    auto *record = static_cast<Record *>(context);
    record->owner->onRecordAnswered(record, error);
}

void DnsSdPublisher::onRecordAnswered(Record *record, DNSServiceErrorType error)
{
    record->error = error;
    if (error != kDNSServiceErr_NoError) {
        const QString host = record->host; // remove() frees the record
        const QString reason = error == kDNSServiceErr_NameConflict
                                   ? MdnsPlan::collisionReason(host)
                                   : MdnsPlan::refusalReason(responder, host, describe(error));
        qCWarning(lcDnsSd).noquote() << reason;
        refuse(host, names().hosts.value(host), reason);
        remove(host);
    }
    settleIfDone();
}
