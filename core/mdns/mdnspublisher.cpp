#include "core/mdns/mdnspublisher.h"

#include "core/mdns/mdnsplan.h"

MdnsPublisher::MdnsPublisher(QString daemon, QObject *parent)
    : Publisher(parent)
    , m_daemon(std::move(daemon))
{
    m_confirm.setSingleShot(true);
    m_confirm.setInterval(10000); // probing takes about a second
    connect(&m_confirm, &QTimer::timeout, this, &MdnsPublisher::finish);
}

std::optional<HostEntries> MdnsPublisher::readHeld(QString *error) const
{
    Q_UNUSED(error)
    return HostEntries{};
}

void MdnsPublisher::publish(const HostEntries &entries)
{
    m_queue.enqueue({PublishResult::Operation::Publish, entries});
    QMetaObject::invokeMethod(this, &MdnsPublisher::startNext, Qt::QueuedConnection);
}

void MdnsPublisher::withdraw()
{
    m_queue.enqueue({PublishResult::Operation::Withdraw, {}});
    QMetaObject::invokeMethod(this, &MdnsPublisher::startNext, Qt::QueuedConnection);
}

void MdnsPublisher::startNext()
{
    if (m_busy || m_queue.isEmpty())
        return;
    m_busy = true;
    const Request request = m_queue.dequeue();
    m_result = {};
    m_result.operation = request.operation;
    if (request.operation == PublishResult::Operation::Withdraw) {
        removeAll();
        m_desired.clear();
        m_names = {};
        return finish();
    }
    apply(request.entries);
}

void MdnsPublisher::apply(const HostEntries &entries)
{
    m_desired = entries;
    m_names = MdnsNames::from(entries);
    m_result.refused = m_names.refused;
    QString error;
    if (!ready(&error)) {
        m_result.error = error;
        return finish();
    }
    const Records now = records();
    QMap<QString, QStringList> confirmed = now.confirmed; // whole hosts only
    QStringList ours = now.confirmed.keys();
    for (const QString &host : now.unconfirmed) {
        confirmed.remove(host);
        if (!ours.contains(host))
            ours.append(host);
    }
    for (const QString &host : std::as_const(ours)) { // plan.remove, and unconfirmed unwanted
        if (!m_names.hosts.contains(host))
            remove(host);
    }
    for (const QString &host : MdnsPlan::between(confirmed, m_names).place) {
        const QStringList addresses = m_names.hosts.value(host);
        if (!place(host, addresses, &error)) {
            remove(host);
            refuse(host, addresses, MdnsPlan::refusalReason(m_daemon, host, error));
        }
    }
    m_confirm.start();
    settleIfDone();
}

void MdnsPublisher::refuse(const QString &host, const QStringList &addresses, const QString &reason)
{
    for (const QString &address : addresses)
        m_result.refused.append({{address, host, {}}, EntryState::BlockedByPolicy, reason});
}

void MdnsPublisher::settleIfDone()
{
    if (!m_busy || !m_confirm.isActive() || !records().unconfirmed.isEmpty())
        return;
    m_confirm.stop();
    finish();
}

void MdnsPublisher::failRequest(const QString &error)
{
    if (!m_busy)
        return;
    m_result.error = error;
    finish();
}

void MdnsPublisher::finish()
{
    if (!m_busy)
        return;
    const Records now = records();
    if (m_result.ok() && !now.unconfirmed.isEmpty())
        m_result.error = QStringLiteral("%1 did not confirm %2 in time; retrying")
                             .arg(m_daemon, now.unconfirmed.join(QStringLiteral(", ")));
    m_result.held = MdnsNames::entriesOf(now.confirmed, m_desired);
    m_confirm.stop();
    m_busy = false;
    const PublishResult result = m_result;
    Q_EMIT finished(result);
    startNext();
}
