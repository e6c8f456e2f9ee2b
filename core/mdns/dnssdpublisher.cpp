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
    : Publisher(parent)
{
    m_confirm.setSingleShot(true);
    m_confirm.setInterval(10000); // probing takes about a second
    connect(&m_confirm, &QTimer::timeout, this, &DnsSdPublisher::finish);
}

DnsSdPublisher::~DnsSdPublisher()
{
    disconnectFromDaemon();
}

std::optional<HostEntries> DnsSdPublisher::readHeld(QString *error) const
{
    Q_UNUSED(error)
    return HostEntries{}; // mDNSResponder holds nothing of ours before we connect
}

void DnsSdPublisher::publish(const HostEntries &entries)
{
    m_queue.enqueue({PublishResult::Operation::Publish, entries});
    QMetaObject::invokeMethod(this, &DnsSdPublisher::startNext, Qt::QueuedConnection);
}

void DnsSdPublisher::withdraw()
{
    m_queue.enqueue({PublishResult::Operation::Withdraw, {}});
    QMetaObject::invokeMethod(this, &DnsSdPublisher::startNext, Qt::QueuedConnection);
}

void DnsSdPublisher::startNext()
{
    if (m_busy || m_queue.isEmpty())
        return;
    m_busy = true;
    const Request request = m_queue.dequeue();
    m_result = {};
    m_result.operation = request.operation;
    if (request.operation == PublishResult::Operation::Withdraw) {
        disconnectFromDaemon(); // every record goes with the connection
        m_desired.clear();
        m_names = {};
        return finish();
    }
    apply(request.entries);
}

bool DnsSdPublisher::connectToDaemon(QString *error)
{
    if (m_connection)
        return true;
    const DNSServiceErrorType status = DNSServiceCreateConnection(&m_connection);
    if (status != kDNSServiceErr_NoError) {
        m_connection = nullptr;
        *error = describe(status);
        return false;
    }
    m_notifier =
        new QSocketNotifier(DNSServiceRefSockFD(m_connection), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &DnsSdPublisher::onReadable);
    return true;
}

void DnsSdPublisher::disconnectFromDaemon()
{
    delete m_notifier;
    m_notifier = nullptr;
    if (m_connection)
        DNSServiceRefDeallocate(m_connection); // removes every record registered on it
    m_connection = nullptr;
    m_records.clear();
}

void DnsSdPublisher::onReadable()
{
    const DNSServiceErrorType status = DNSServiceProcessResult(m_connection);
    if (status == kDNSServiceErr_NoError)
        return;
    // The daemon went away (restarted, or killed): our records went with it.
    qCWarning(lcDnsSd).noquote() << describe(status);
    const bool had = !m_records.empty();
    disconnectFromDaemon();
    if (m_busy) {
        m_result.error = QStringLiteral("lost the connection to mDNSResponder (%1); retrying")
                             .arg(describe(status));
        finish();
    } else if (had) {
        Q_EMIT lostOutside(QStringLiteral("mDNSResponder restarted: publishing the .local names "
                                          "again"));
    }
}

void DnsSdPublisher::apply(const HostEntries &entries)
{
    m_desired = entries;
    m_names = MdnsNames::from(entries);
    m_result.refused = m_names.refused;
    QString error;
    if (!connectToDaemon(&error)) {
        m_result.error = error + QStringLiteral("; retrying");
        return finish();
    }
    QMap<QString, QStringList> confirmed;
    for (const auto &[host, records] : m_records) {
        QStringList addresses;
        bool all = true;
        for (const auto &record : records) {
            addresses.append(record->address);
            all = all && record->error == kDNSServiceErr_NoError;
        }
        addresses.sort();
        if (all)
            confirmed.insert(host, addresses);
    }
    const MdnsPlan plan = MdnsPlan::between(confirmed, m_names);
    QStringList ours;
    for (const auto &entry : m_records)
        ours.append(entry.first);
    for (const QString &host : ours) { // plan.remove, and unconfirmed ones not wanted
        if (!m_names.hosts.contains(host))
            removeHost(host);
    }
    for (const QString &host : plan.place) {
        removeHost(host); // its old addresses
        const QStringList addresses = m_names.hosts.value(host);
        if (!registerHost(host, addresses, &error)) {
            removeHost(host);
            for (const QString &address : addresses)
                m_result.refused.append({{address, host, {}},
                                         EntryState::BlockedByPolicy,
                                         MdnsPlan::refusalReason(responder, host, error)});
        }
    }
    m_confirm.start();
    settleIfDone();
}

bool DnsSdPublisher::registerHost(const QString &host, const QStringList &addresses, QString *error)
{
    const QByteArray fullName = host.toUtf8();
    auto &records = m_records[host];
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
        records.push_back(std::move(record));
    }
    return true;
}

void DnsSdPublisher::removeHost(const QString &host)
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
        const QString host = record->host; // removeHost() frees the record
        const QString reason = error == kDNSServiceErr_NameConflict
                                   ? MdnsPlan::collisionReason(host)
                                   : MdnsPlan::refusalReason(responder, host, describe(error));
        qCWarning(lcDnsSd).noquote() << reason;
        for (const QString &address : m_names.hosts.value(host))
            m_result.refused.append({{address, host, {}}, EntryState::BlockedByPolicy, reason});
        removeHost(host);
    }
    settleIfDone();
}

void DnsSdPublisher::settleIfDone()
{
    if (!m_busy || !m_confirm.isActive())
        return;
    for (const auto &[host, records] : m_records) {
        for (const auto &record : records) {
            if (record->error == awaitingAnswer)
                return;
        }
    }
    m_confirm.stop();
    finish();
}

void DnsSdPublisher::finish()
{
    if (!m_busy)
        return;
    QMap<QString, QStringList> registered;
    QStringList unconfirmed;
    for (const auto &[host, records] : m_records) {
        QStringList addresses;
        for (const auto &record : records) {
            if (record->error == kDNSServiceErr_NoError)
                addresses.append(record->address);
            else if (!unconfirmed.contains(host))
                unconfirmed.append(host);
        }
        if (!addresses.isEmpty())
            registered.insert(host, addresses);
    }
    if (m_result.ok() && !unconfirmed.isEmpty())
        m_result.error = QStringLiteral("mDNSResponder did not confirm %1 in time; retrying")
                             .arg(unconfirmed.join(QStringLiteral(", ")));
    m_result.held = MdnsNames::entriesOf(registered, m_desired);
    m_confirm.stop();
    m_busy = false;
    const PublishResult result = m_result;
    Q_EMIT finished(result);
    startNext();
}
