#pragma once

#include "core/dns/dnsrecord.h"
#include "core/dns/tsigkey.h"

#include <QString>

#include <memory>
#include <optional>

// Where a DNS server listens: "ns1.example.test", "127.0.0.1:5300", "[::1]:5300".
struct DnsServer
{
    QString host;
    quint16 port = 53;

    static std::optional<DnsServer> parse(const QString &text, QString *error);
    QString toString() const;
};

// How a request to the server ended.
struct DnsAnswer
{
    enum class Outcome
    {
        Ok,
        Unreachable,        // no answer at all: down, wrong address, timeout
        PrerequisiteFailed, // YXDOMAIN, YXRRSET, NXRRSET: the names are not as we said
        Refused,            // the server will not do it for us (key, policy, zone)
        Failed,             // anything else
    };
    Outcome outcome = Outcome::Ok;
    int rcode = 0;           // the DNS RCODE, -1 without an answer
    QString error;           // a sentence with the fix, empty when Ok
    bool permanent = false;  // retrying without a change on someone's side will not help
    bool keyRefused = false; // the server refused our TSIG key (BADSIG, BADKEY, BADTIME)
    // A zone transfer this key may not make, though it may still update: read by queries.
    bool transferDenied = false;

    bool ok() const { return outcome == Outcome::Ok; }
};

// A blocking client of one authoritative server: RFC 2136 updates and zone transfers over
// TCP, signed with a TSIG key when one is given (and answers checked against it), built
// and parsed by ldns. Call it from a worker thread, never the GUI's.
class DnsClient
{
public:
    DnsClient(DnsServer server, std::optional<TsigKey> key, int timeoutMs = 10000);
    ~DnsClient();
    DnsClient(const DnsClient &) = delete;
    DnsClient &operator=(const DnsClient &) = delete;

    DnsAnswer update(const DnsUpdate &update);
    // Every record of the zone (AXFR); nullopt with *answer saying why.
    std::optional<DnsRecords> transfer(const QString &zone, DnsAnswer *answer);
    // The records of one type at one name (empty when there are none).
    std::optional<DnsRecords> query(const QString &name, RecordType type, DnsAnswer *answer);

    // A DNS message as a server sent it (wire format): its RCODE, its TSIG error (0 for
    // none) and its answer section's records; nullopt when it is not a DNS message.
    struct Message
    {
        int rcode = 0;
        int tsigError = 0;
        DnsRecords answers;
    };
    static std::optional<Message> readMessage(const QByteArray &wire);

    // What an answer with this RCODE (and TSIG error, 0 for none) means, for updates to zone.
    static DnsAnswer interpret(int rcode, int tsigError, const QString &zone,
                               const QString &keyName);

private:
    struct Resolver;
    std::unique_ptr<Resolver> resolver(DnsAnswer *answer);

    DnsServer m_server;
    std::optional<TsigKey> m_key;
    int m_timeoutMs;
};
