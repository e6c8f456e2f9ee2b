#include "core/dns/dnsclient.h"

#include "core/dns/ldnsobjects.h"

#include <QHostAddress>
#include <QHostInfo>

namespace {

using namespace Ldns;

ldns_rr_type ldnsType(RecordType type)
{
    switch (type) {
    case RecordType::A:
        return LDNS_RR_TYPE_A;
    case RecordType::AAAA:
        return LDNS_RR_TYPE_AAAA;
    case RecordType::TXT:
        return LDNS_RR_TYPE_TXT;
    case RecordType::Other:
        break;
    }
    return LDNS_RR_TYPE_ANY;
}

RecordType typeOf(ldns_rr_type type)
{
    switch (type) {
    case LDNS_RR_TYPE_A:
        return RecordType::A;
    case LDNS_RR_TYPE_AAAA:
        return RecordType::AAAA;
    case LDNS_RR_TYPE_TXT:
        return RecordType::TXT;
    default:
        return RecordType::Other;
    }
}

// The record's data for its type; nullptr when the text does not fit the type.
ldns_rdf *rdata(RecordType type, const QString &value)
{
    switch (type) {
    case RecordType::A:
        return ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, value.toLatin1().constData());
    case RecordType::AAAA:
        return ldns_rdf_new_frm_str(LDNS_RDF_TYPE_AAAA, value.toLatin1().constData());
    case RecordType::TXT: {
        // One character-string, taken as bytes (no zone-file escapes): at most 255 of them.
        const QByteArray bytes = value.toUtf8().left(255);
        QByteArray wire(1, char(bytes.size()));
        wire += bytes;
        return ldns_rdf_new_frm_data(LDNS_RDF_TYPE_STR, size_t(wire.size()), wire.constData());
    }
    case RecordType::Other:
        break;
    }
    return nullptr;
}

// A record for a message section: the class says what it means there (RFC 2136 §2.4, §2.5).
Rr record(const QString &name, RecordType type, ldns_rr_class rrClass, quint32 ttl,
          const QString *value)
{
    Rr rr(ldns_rr_new());
    ldns_rr_set_owner(rr.get(), dname(name).release());
    ldns_rr_set_type(rr.get(), ldnsType(type));
    ldns_rr_set_class(rr.get(), rrClass);
    ldns_rr_set_ttl(rr.get(), ttl);
    if (value) {
        ldns_rdf *data = rdata(type, *value);
        if (!data)
            return nullptr;
        ldns_rr_push_rdf(rr.get(), data);
    }
    return rr;
}

QString text(const ldns_rdf *rdf)
{
    char *s = ldns_rdf2str(rdf);
    const QString out = s ? QString::fromLatin1(s) : QString();
    free(s); // NOLINT(cppcoreguidelines-no-malloc): ldns allocates with malloc
    return out;
}

// A record as read from an answer or a transfer; TXT strings are joined as bytes.
DnsRecord recordOf(const ldns_rr *rr)
{
    DnsRecord r;
    r.name = text(ldns_rr_owner(rr)).toLower();
    if (r.name.endsWith(u'.'))
        r.name.chop(1);
    r.type = typeOf(ldns_rr_get_type(rr));
    // A name with bytes a host name cannot hold comes back escaped ("a\233b", "x\.y"): it
    // is no name we publish, so it is nothing of ours either.
    if (r.name.contains(u'\\'))
        r.type = RecordType::Other;
    r.ttl = ldns_rr_ttl(rr);
    if (r.type == RecordType::TXT) {
        QByteArray joined;
        for (size_t i = 0; i < ldns_rr_rd_count(rr); ++i) {
            const ldns_rdf *rdf = ldns_rr_rdf(rr, i);
            const uint8_t *data = ldns_rdf_data(rdf);
            const size_t size = ldns_rdf_size(rdf);
            if (size >= 1 && size_t(data[0]) + 1 <= size)
                joined.append(reinterpret_cast<const char *>(data) + 1, data[0]);
        }
        r.value = QString::fromUtf8(joined);
    } else if (r.type != RecordType::Other && ldns_rr_rd_count(rr) == 1) {
        r.value = text(ldns_rr_rdf(rr, 0));
    }
    return r;
}

DnsRecords answersOf(const ldns_pkt *packet)
{
    DnsRecords records;
    const ldns_rr_list *section = ldns_pkt_answer(packet);
    for (size_t i = 0; section && i < ldns_rr_list_rr_count(section); ++i)
        records.append(recordOf(ldns_rr_list_rr(section, i)));
    return records;
}

int tsigErrorOf(const ldns_pkt *answer)
{
    const ldns_rr *tsig = ldns_pkt_tsig(answer);
    // TSIG RDATA: algorithm, time, fudge, MAC, original ID, error, other data.
    if (!tsig || ldns_rr_rd_count(tsig) < 6)
        return 0;
    return ldns_rdf2native_int16(ldns_rr_rdf(tsig, 5));
}

// What a TSIG error (RFC 8945 §5.2) means, with the fix.
DnsAnswer interpretTsig(int rcode, int tsigError, const QString &key)
{
    using Outcome = DnsAnswer::Outcome;
    DnsAnswer answer{Outcome::Refused, rcode, {}, true, true};
    switch (tsigError) {
    case 16: // BADSIG
        answer.error = QStringLiteral("the server does not accept our signature (BADSIG): the "
                                      "secret of key %1 differs from the server's; use the key "
                                      "file the server was configured with")
                           .arg(key);
        break;
    case 17: // BADKEY
        answer.error = QStringLiteral("the server does not know key %1 or its algorithm "
                                      "(BADKEY); check the key's name and algorithm against the "
                                      "server's")
                           .arg(key);
        break;
    case 18: // BADTIME
        answer.error = QStringLiteral("the server rejects our signature's time (BADTIME): this "
                                      "machine's clock and the server's differ by more than five "
                                      "minutes; set the clock (NTP)");
        break;
    default:
        answer.error =
            QStringLiteral("the server rejects key %1 (TSIG error %2)").arg(key).arg(tsigError);
    }
    return answer;
}

} // namespace

// One ldns resolver set up for our server: TCP, our timeout, the key.
struct DnsClient::Resolver
{
    ldns_resolver *r = ldns_resolver_new();
    ~Resolver() { ldns_resolver_deep_free(r); }
};

std::optional<DnsServer> DnsServer::parse(const QString &text, QString *error)
{
    DnsServer server;
    QString host = text.trimmed();
    QString port;
    if (host.startsWith(u'[')) { // [v6]:port
        const qsizetype close = host.indexOf(u']');
        if (close < 0) {
            *error = QStringLiteral("%1: a bracketed IPv6 address needs its ]").arg(text);
            return std::nullopt;
        }
        port = host.mid(close + 1);
        host = host.mid(1, close - 1);
        if (!port.isEmpty() && !port.startsWith(u':')) {
            *error = QStringLiteral("%1: expected [address]:port").arg(text);
            return std::nullopt;
        }
        port = port.mid(1);
    } else if (host.count(u':') == 1) {
        port = host.section(u':', 1);
        host = host.section(u':', 0, 0);
    }
    if (host.isEmpty()) {
        *error = QStringLiteral("no DNS server given (HOST or HOST:PORT)");
        return std::nullopt;
    }
    if (!port.isEmpty()) {
        bool ok = false;
        const uint number = port.toUInt(&ok);
        if (!ok || number == 0 || number > 65535) {
            *error = QStringLiteral("%1: the port must be a number from 1 to 65535").arg(text);
            return std::nullopt;
        }
        server.port = quint16(number);
    }
    server.host = host;
    return server;
}

QString DnsServer::toString() const
{
    const QString h = host.contains(u':') ? u'[' + host + u']' : host;
    return port == 53 ? h : h + u':' + QString::number(port);
}

DnsClient::DnsClient(DnsServer server, std::optional<TsigKey> key, int timeoutMs)
    : m_server(std::move(server))
    , m_key(std::move(key))
    , m_timeoutMs(timeoutMs)
{}

DnsClient::~DnsClient() = default;

std::unique_ptr<DnsClient::Resolver> DnsClient::resolver(DnsAnswer *answer)
{
    QHostAddress address(m_server.host);
    if (address.isNull()) {
        const QHostInfo info = QHostInfo::fromName(m_server.host);
        if (info.addresses().isEmpty()) {
            *answer = {DnsAnswer::Outcome::Unreachable, -1,
                       QStringLiteral("cannot find the DNS server %1: %2")
                           .arg(m_server.host, info.errorString()),
                       false};
            return nullptr;
        }
        address = info.addresses().first();
    }
    auto res = std::make_unique<Resolver>();
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    Rdf server(ldns_rdf_new_frm_str(v6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A,
                                    address.toString().toLatin1().constData()));
    ldns_resolver_push_nameserver(res->r, server.get());
    ldns_resolver_set_port(res->r, m_server.port);
    ldns_resolver_set_usevc(res->r, true); // TCP: no truncation, and what AXFR needs
    ldns_resolver_set_recursive(res->r, false);
    ldns_resolver_set_retry(res->r, 1);
    ldns_resolver_set_timeout(res->r, {m_timeoutMs / 1000, (m_timeoutMs % 1000) * 1000});
    if (m_key) {
        ldns_resolver_set_tsig_keyname(res->r, absolute(m_key->name).toLatin1().constData());
        ldns_resolver_set_tsig_algorithm(res->r, absolute(m_key->algorithm).toLatin1().constData());
        ldns_resolver_set_tsig_keydata(res->r, m_key->secret.constData());
    }
    return res;
}

DnsAnswer DnsClient::interpret(int rcode, int tsigError, const QString &zone,
                               const QString &keyName)
{
    using Outcome = DnsAnswer::Outcome;
    const QString key = keyName.isEmpty() ? QStringLiteral("(no key)") : keyName;
    if (tsigError != 0)
        return interpretTsig(rcode, tsigError, key);
    switch (rcode) {
    case LDNS_RCODE_NOERROR:
        return {};
    case LDNS_RCODE_YXDOMAIN:
    case LDNS_RCODE_YXRRSET:
    case LDNS_RCODE_NXRRSET:
        return {Outcome::PrerequisiteFailed, rcode,
                QStringLiteral("the names are not as we expected (another owner's records)"),
                false};
    case LDNS_RCODE_NOTAUTH:
        return {Outcome::Refused, rcode,
                QStringLiteral("the server is not authoritative for zone %1 (NOTAUTH): point "
                               "--dns-server at the zone's primary server")
                    .arg(zone),
                true};
    case LDNS_RCODE_REFUSED:
        return {Outcome::Refused, rcode,
                QStringLiteral("the server refused the update of zone %1 (REFUSED): grant key %2 "
                               "updates of the zone (BIND: update-policy { grant %2 zonesub "
                               "ANY; }; Knot: an acl with action update), or check the zone "
                               "name")
                    .arg(zone, key),
                true};
    case LDNS_RCODE_NOTZONE:
        return {Outcome::Refused, rcode,
                QStringLiteral("a name is outside zone %1 (NOTZONE)").arg(zone), true};
    case LDNS_RCODE_SERVFAIL:
        return {Outcome::Failed, rcode,
                QStringLiteral("the server failed to apply the change (SERVFAIL); retrying"),
                false};
    case LDNS_RCODE_NOTIMPL:
    case LDNS_RCODE_FORMERR:
        return {Outcome::Refused, rcode,
                QStringLiteral("the server does not take dynamic updates (RCODE %1)").arg(rcode),
                true};
    default:
        return {Outcome::Failed, rcode,
                QStringLiteral("the server answered with RCODE %1").arg(rcode), false};
    }
}

namespace {

// An answer that did not come, or did not check out.
DnsAnswer transportFailure(ldns_status status, const DnsServer &server, const QString &keyName)
{
    if (status == LDNS_STATUS_CRYPTO_TSIG_BOGUS || status == LDNS_STATUS_CRYPTO_TSIG_ERR)
        return {DnsAnswer::Outcome::Refused, -1,
                QStringLiteral("the server's answer is not signed with key %1: the server does "
                               "not know the key, or its secret differs (BADKEY/BADSIG); use "
                               "the key file the server was configured with")
                    .arg(keyName),
                true, true};
    return {DnsAnswer::Outcome::Unreachable, -1,
            QStringLiteral("cannot reach the DNS server %1: %2")
                .arg(server.toString(), QString::fromLatin1(ldns_get_errorstr_by_id(status))),
            false};
}

// The server's own refusal (an RCODE, a TSIG error) says the most; then whether the answer
// came and checked out.
DnsAnswer answerOf(ldns_status status, const ldns_pkt *reply, const QString &zone,
                   const QString &keyName, const DnsServer &server)
{
    if (reply) {
        const DnsAnswer said =
            DnsClient::interpret(ldns_pkt_get_rcode(reply), tsigErrorOf(reply), zone, keyName);
        if (!said.ok() || status == LDNS_STATUS_OK)
            return said;
    }
    return transportFailure(status, server, keyName);
}

} // namespace

DnsAnswer DnsClient::update(const DnsUpdate &update)
{
    DnsAnswer answer;
    const auto res = resolver(&answer);
    if (!res)
        return answer;
    RrList prerequisites(ldns_rr_list_new());
    RrList changes(ldns_rr_list_new());
    for (const DnsUpdate::Prerequisite &p : update.prerequisites) {
        const bool exists = p.kind == DnsUpdate::Prerequisite::Kind::RecordExists;
        Rr rr = record(p.name, p.type, exists ? LDNS_RR_CLASS_IN : LDNS_RR_CLASS_NONE, 0,
                       exists ? &p.value : nullptr);
        if (!rr)
            return {
                DnsAnswer::Outcome::Failed, -1,
                QStringLiteral("%1 is not a valid %2 value").arg(p.value, recordTypeName(p.type)),
                true};
        ldns_rr_list_push_rr(prerequisites.get(), rr.release());
    }
    for (const DnsUpdate::Change &c : update.changes) {
        using Kind = DnsUpdate::Change::Kind;
        const ldns_rr_class rrClass = c.kind == Kind::Add           ? LDNS_RR_CLASS_IN
                                      : c.kind == Kind::DeleteRRset ? LDNS_RR_CLASS_ANY
                                                                    : LDNS_RR_CLASS_NONE;
        Rr rr = record(c.name, c.type, rrClass, c.kind == Kind::Add ? c.ttl : 0,
                       c.kind == Kind::DeleteRRset ? nullptr : &c.value);
        if (!rr)
            return {
                DnsAnswer::Outcome::Failed, -1,
                QStringLiteral("%1 is not a valid %2 value").arg(c.value, recordTypeName(c.type)),
                true};
        ldns_rr_list_push_rr(changes.get(), rr.release());
    }
    Packet packet(ldns_update_pkt_new(dname(update.zone).release(), LDNS_RR_CLASS_IN,
                                      prerequisites.get(), changes.get(), nullptr));
    ldns_pkt_set_random_id(packet.get());
    if (m_key && ldns_update_pkt_tsig_add(packet.get(), res->r) != LDNS_STATUS_OK)
        return {DnsAnswer::Outcome::Failed, -1,
                QStringLiteral("cannot sign the update with key %1").arg(m_key->name), true};
    ldns_pkt *raw = nullptr;
    const ldns_status status = ldns_resolver_send_pkt(&raw, res->r, packet.get());
    const Packet reply(raw);
    return answerOf(status, reply.get(), update.zone, m_key ? m_key->name : QString(), m_server);
}

std::optional<DnsRecords> DnsClient::transfer(const QString &zone, DnsAnswer *answer)
{
    *answer = {};
    const auto res = resolver(answer);
    if (!res)
        return std::nullopt;
    const Rdf apex = dname(zone);
    const ldns_status status = ldns_axfr_start(res->r, apex.get(), LDNS_RR_CLASS_IN);
    if (status != LDNS_STATUS_OK) {
        *answer = transportFailure(status, m_server, m_key ? m_key->name : QString());
        return std::nullopt;
    }
    DnsRecords records;
    // The transfer is framed by the SOA; a zone of a few million records is not ours to read.
    constexpr qsizetype maxRecords = 2'000'000;
    while (ldns_rr *raw = ldns_axfr_next(res->r)) {
        Rr rr(raw);
        if (records.size() < maxRecords)
            records.append(recordOf(rr.get()));
    }
    if (!ldns_axfr_complete(res->r)) {
        const ldns_pkt *last = ldns_axfr_last_pkt(res->r);
        const int rcode = last ? ldns_pkt_get_rcode(last) : -1;
        const int tsigError = last ? tsigErrorOf(last) : 0;
        ldns_axfr_abort(res->r);
        constexpr int badSig = 16;
        constexpr int badTime = 18;
        if (tsigError == badSig || tsigError == badTime) {
            // A wrong secret or clock: no update would be accepted either.
            *answer = interpret(rcode, tsigError, zone, m_key ? m_key->name : QString());
        } else if (rcode > 0 || tsigError != 0) {
            // Servers refuse a transfer the key may not make in their own ways (BIND:
            // REFUSED; Knot: NOTAUTH with BADKEY), so it says nothing sure about the key.
            *answer = interpret(rcode, tsigError, zone, m_key ? m_key->name : QString());
            answer->transferDenied = true;
            answer->error =
                QStringLiteral("the server refused a zone transfer of %1 (RCODE "
                               "%2%3)")
                    .arg(zone)
                    .arg(rcode)
                    .arg(tsigError ? QStringLiteral(", TSIG error %1").arg(tsigError) : QString());
        } else {
            *answer = {DnsAnswer::Outcome::Unreachable, -1,
                       QStringLiteral("the zone transfer of %1 from %2 broke off")
                           .arg(zone, m_server.toString()),
                       false};
        }
        return std::nullopt;
    }
    return records;
}

std::optional<DnsRecords> DnsClient::query(const QString &name, RecordType type, DnsAnswer *answer)
{
    *answer = {};
    const auto res = resolver(answer);
    if (!res)
        return std::nullopt;
    const Rdf owner = dname(name);
    ldns_pkt *raw = nullptr;
    Packet question(
        ldns_pkt_query_new(ldns_rdf_clone(owner.get()), ldnsType(type), LDNS_RR_CLASS_IN, 0));
    ldns_pkt_set_random_id(question.get());
    const ldns_status status = ldns_resolver_send_pkt(&raw, res->r, question.get());
    const Packet reply(raw);
    // NXDOMAIN is an answer here: nothing at that name.
    if (!reply || ldns_pkt_get_rcode(reply.get()) != LDNS_RCODE_NXDOMAIN) {
        *answer = answerOf(status, reply.get(), name, m_key ? m_key->name : QString(), m_server);
        if (!answer->ok())
            return std::nullopt;
    }
    DnsRecords records;
    for (const DnsRecord &r : answersOf(reply.get())) {
        if (r.type == type && r.name == name.toLower())
            records.append(r);
    }
    return records;
}

std::optional<DnsClient::Message> DnsClient::readMessage(const QByteArray &wire)
{
    ldns_pkt *raw = nullptr;
    if (ldns_wire2pkt(&raw, reinterpret_cast<const uint8_t *>(wire.constData()),
                      size_t(wire.size())) != LDNS_STATUS_OK)
        return std::nullopt;
    const Packet packet(raw);
    return Message{ldns_pkt_get_rcode(packet.get()), tsigErrorOf(packet.get()),
                   answersOf(packet.get())};
}
