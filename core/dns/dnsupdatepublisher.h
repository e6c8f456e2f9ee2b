#pragma once

#include "core/dns/dnsclient.h"
#include "core/dns/zoneplan.h"
#include "core/sink/publisher.h"

#include <QQueue>

#include <functional>
#include <optional>

class QThread;

// Our names in a team's DNS zone, by RFC 2136 updates signed with TSIG. Ownership follows
// ExternalDNS's TXT registry: a name is changed only while its registry record names our
// owner ID, and every UPDATE carries that as a prerequisite, so the server itself refuses a
// change to a name someone else took meanwhile. The zone is read by transfer at the first
// publish (a restart with nothing changed sends no UPDATE; a crash is repaired), changes go
// out in batches, and a batch the server refuses is split until the one foreign name is
// found and reported; the others land. Requests run one at a time on a worker thread.
class DnsUpdatePublisher : public Publisher
{
    Q_OBJECT

public:
    struct Options
    {
        DnsServer server;
        QString zone;               // "dev.example.test", lower case, no final dot
        std::optional<TsigKey> key; // unsigned updates only where the server allows them
        quint32 ttl = 60;
        QString owner;      // the registry's owner ID
        int batchSize = 50; // names per UPDATE
        int timeoutMs = 10000;
    };

    explicit DnsUpdatePublisher(Options options, QObject *parent = nullptr);
    ~DnsUpdatePublisher() override; // waits for a request under way

    QString name() const override { return QStringLiteral("DNS zone"); }
    QString target() const override;
    // The zone is read at the first publish, off this thread: nothing is known before.
    std::optional<HostEntries> readHeld(QString *error) const override;
    void publish(const HostEntries &entries) override;
    void withdraw() override;

    // UPDATE messages sent so far (benchmarks and tests count them).
    int updatesSent() const { return m_updatesSent; }

    // What one request did: the result, the zone as it stands after it (nullopt: read it
    // again), and what to say about it.
    struct Outcome
    {
        PublishResult result;
        std::optional<ZoneState> state;
        int updates = 0;
        QStringList notes;
    };
    // One request, run with a client of the options' server (the worker thread's job; the
    // tests call it directly too).
    static Outcome run(const Options &options, DnsClient &client, std::optional<ZoneState> state,
                       const HostEntries &desired, PublishResult::Operation operation);

private:
    struct Request
    {
        PublishResult::Operation operation;
        HostEntries entries;
    };
    void startNext();

    Options m_options;
    std::optional<ZoneState> m_state; // as the last request left it
    QQueue<Request> m_queue;
    QThread *m_worker = nullptr;
    int m_updatesSent = 0;
};
