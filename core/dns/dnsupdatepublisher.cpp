#include "core/dns/dnsupdatepublisher.h"

#include "core/dns/txtregistry.h"

#include <QLoggingCategory>
#include <QThread>

#include <utility>

Q_LOGGING_CATEGORY(lcDns, "k8shosts.dns", QtInfoMsg)

namespace {

// The zone by transfer; where the server denies it, what our queries for the wanted names
// find (stale names of ours elsewhere in the zone then stay until a transfer is allowed).
std::optional<ZoneState> readZone(const DnsUpdatePublisher::Options &options, DnsClient &client,
                                  const HostEntries &desired, DnsAnswer *answer, QStringList *notes)
{
    if (const auto records = client.transfer(options.zone, answer))
        return ZoneState::from(options.zone, *records);
    if (!answer->transferDenied)
        return std::nullopt; // down, or a key the server does not accept at all
    notes->append(QStringLiteral("%1; reading only the names we publish, so names of ours that "
                                 "are no longer wanted cannot be found and removed (allow key %2 "
                                 "to transfer the zone)")
                      .arg(answer->error, options.key ? options.key->name : QStringLiteral("-")));
    DnsRecords records;
    QSet<QString> asked;
    for (const HostEntry &e : desired) {
        const RecordType type = addressType(e.ip);
        const QString owner = TxtRegistry::ownerName(e.host, type);
        // Names outside the zone and its apex are never ours to change: nothing to read.
        if (!isInZone(e.host, options.zone) || e.host == options.zone || asked.contains(owner))
            continue;
        asked.insert(owner);
        for (const auto &[name, wanted] : {std::pair{owner, RecordType::TXT}, {e.host, type}}) {
            const auto found = client.query(name, wanted, answer);
            if (!found)
                return std::nullopt;
            records += *found;
        }
    }
    *answer = {};
    return ZoneState::from(options.zone, records);
}

QList<QList<NameChange>> batches(const QList<NameChange> &changes, int size)
{
    QList<QList<NameChange>> out;
    for (qsizetype i = 0; i < changes.size(); i += size)
        out.append(changes.mid(i, size));
    return out;
}

} // namespace

DnsUpdatePublisher::DnsUpdatePublisher(Options options, QObject *parent)
    : Publisher(parent)
    , m_options(std::move(options))
{}

DnsUpdatePublisher::~DnsUpdatePublisher()
{
    if (m_worker) {
        m_worker->disconnect(this);
        m_worker->wait();
        delete m_worker;
    }
}

QString DnsUpdatePublisher::target() const
{
    return QStringLiteral("zone %1 at %2 (owner %3)")
        .arg(m_options.zone, m_options.server.toString(), m_options.owner);
}

std::optional<HostEntries> DnsUpdatePublisher::readHeld(QString *error) const
{
    Q_UNUSED(error)
    return std::nullopt;
}

void DnsUpdatePublisher::publish(const HostEntries &entries)
{
    m_queue.enqueue({PublishResult::Operation::Publish, entries});
    if (!m_worker)
        QMetaObject::invokeMethod(this, &DnsUpdatePublisher::startNext, Qt::QueuedConnection);
}

void DnsUpdatePublisher::withdraw()
{
    m_queue.enqueue({PublishResult::Operation::Withdraw, {}});
    if (!m_worker)
        QMetaObject::invokeMethod(this, &DnsUpdatePublisher::startNext, Qt::QueuedConnection);
}

void DnsUpdatePublisher::startNext()
{
    if (m_worker || m_queue.isEmpty())
        return;
    const Request request = m_queue.dequeue();
    auto outcome = std::make_shared<Outcome>();
    // The zone moves to the worker and back: shared, it would be copied whole at the first
    // change (10,000 names each time).
    m_worker = QThread::create([options = m_options, state = std::exchange(m_state, std::nullopt),
                                request, outcome]() mutable {
        DnsClient client(options.server, options.key, options.timeoutMs);
        *outcome = run(options, client, std::move(state), request.entries, request.operation);
    });
    connect(m_worker, &QThread::finished, this, [this, outcome] {
        m_worker->deleteLater();
        m_worker = nullptr;
        m_state = std::move(outcome->state);
        m_updatesSent += outcome->updates;
        for (const QString &note : std::as_const(outcome->notes))
            qCWarning(lcDns).noquote() << note;
        Q_EMIT finished(outcome->result);
        startNext();
    });
    m_worker->start();
}

DnsUpdatePublisher::Outcome DnsUpdatePublisher::run(const Options &options, DnsClient &client,
                                                    std::optional<ZoneState> state,
                                                    const HostEntries &desired,
                                                    PublishResult::Operation operation)
{
    Outcome out;
    out.result.operation = operation;
    const HostEntries wanted =
        operation == PublishResult::Operation::Withdraw ? HostEntries{} : desired;
    DnsAnswer answer;
    if (!state) {
        state = readZone(options, client, wanted, &answer, &out.notes);
        if (!state) {
            out.result.error = answer.error;
            out.result.permanent = answer.permanent;
            return out;
        }
        out.result.heldBefore = ZonePlan::held(*state, options.owner, desired);
    }
    const ZonePlan plan = ZonePlan::make(wanted, *state, options.owner);
    out.result.refused = plan.refused;
    QList<QList<NameChange>> pending = batches(plan.changes, std::max(1, options.batchSize));
    bool stale = false; // a name turned out not as we thought: read the zone again next time
    while (!pending.isEmpty()) {
        const QList<NameChange> batch = pending.takeFirst();
        ++out.updates;
        answer = client.update(ZonePlan::update(options.zone, batch, options.ttl));
        if (answer.ok()) {
            ZonePlan::apply(&*state, batch);
            continue;
        }
        if (answer.outcome != DnsAnswer::Outcome::PrerequisiteFailed) {
            // Whether the last message landed is unknown: read the zone again next time.
            out.result.error = answer.error;
            out.result.permanent = answer.permanent;
            return out;
        }
        if (batch.size() > 1) { // one name is not as we thought: find it, send the rest
            pending.prepend(batch.mid(batch.size() / 2));
            pending.prepend(batch.first(batch.size() / 2));
            continue;
        }
        const NameChange &c = batch.first();
        const QString reason =
            QStringLiteral("%1 (%2) changed on the server meanwhile: its TXT record %3 no longer "
                           "says it is ours, or someone else's records appeared; k8s-hosts "
                           "leaves it alone")
                .arg(c.name, recordTypeName(c.type), TxtRegistry::ownerName(c.name, c.type));
        for (const QString &address : c.after)
            out.result.refused.append(
                {{address, c.name, c.entriesComment}, EntryState::BlockedByPolicy, reason});
        state->setRegistry(c.name, c.type, std::nullopt); // not ours, whatever it is now
        stale = true;
    }
    out.result.held = ZonePlan::held(*state, options.owner, desired);
    if (!stale)
        out.state = std::move(state);
    return out;
}
