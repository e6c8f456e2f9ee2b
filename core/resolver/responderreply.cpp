#include "core/resolver/responderreply.h"

#include "core/dns/ldnsobjects.h"

#include <algorithm>

namespace {

using namespace Ldns;

constexpr int headerSize = 12;
constexpr quint16 minimumUdpSize = 512; // RFC 1035, for askers without EDNS
constexpr uint8_t badVersHigh = 1;      // BADVERS (16) = extended rcode 1, rcode 0

QByteArray wire(const ldns_pkt *packet)
{
    uint8_t *data = nullptr;
    size_t size = 0;
    if (ldns_pkt2wire(&data, packet, &size) != LDNS_STATUS_OK)
        return {};
    QByteArray out(reinterpret_cast<const char *>(data), qsizetype(size));
    LDNS_FREE(data);
    return out;
}

// A header-only reply to a message ldns could not read (its ID is all we know).
QByteArray formatError(const QByteArray &query)
{
    Packet reply(ldns_pkt_new());
    ldns_pkt_set_id(reply.get(), quint16((quint8(query.at(0)) << 8) | quint8(query.at(1))));
    ldns_pkt_set_qr(reply.get(), true);
    ldns_pkt_set_rcode(reply.get(), LDNS_RCODE_FORMERR);
    return wire(reply.get());
}

Rr record(const ldns_rdf *owner, ldns_rr_type type, quint32 ttl)
{
    Rr rr(ldns_rr_new());
    ldns_rr_set_owner(rr.get(), ldns_rdf_clone(owner));
    ldns_rr_set_type(rr.get(), type);
    ldns_rr_set_class(rr.get(), LDNS_RR_CLASS_IN);
    ldns_rr_set_ttl(rr.get(), ttl);
    return rr;
}

// The domain's SOA, for negative answers and SOA questions; its minimum is the TTL
// resolvers keep a negative answer for.
Rr soa(const QString &domain, quint32 ttl)
{
    const Rdf owner = dname(domain);
    Rr rr = record(owner.get(), LDNS_RR_TYPE_SOA, ttl);
    ldns_rr_push_rdf(rr.get(), dname(u"k8s-hosts."_qs + domain).release());
    ldns_rr_push_rdf(rr.get(), dname(u"hostmaster."_qs + domain).release());
    for (const quint32 value : {1U, 3600U, 600U, 86400U, ttl})
        ldns_rr_push_rdf(rr.get(), ldns_native2rdf_int32(LDNS_RDF_TYPE_INT32, value));
    return rr;
}

ResolverZone::Family familyOf(ldns_rr_type type)
{
    switch (type) {
    case LDNS_RR_TYPE_A:
        return ResolverZone::Family::V4;
    case LDNS_RR_TYPE_AAAA:
        return ResolverZone::Family::V6;
    default:
        return ResolverZone::Family::Other;
    }
}

QString nameOf(const ldns_rdf *dname)
{
    char *text = ldns_rdf2str(dname);
    const QString name = text ? QString::fromLatin1(text) : QString();
    LDNS_FREE(text);
    return name;
}

void answerQuestion(ldns_pkt *reply, const ldns_rr *question, const ResolverZone &zone, quint32 ttl)
{
    const ldns_rdf *owner = ldns_rr_owner(question);
    const ldns_rr_type type = ldns_rr_get_type(question);
    if (ldns_rr_get_class(question) != LDNS_RR_CLASS_IN) {
        ldns_pkt_set_rcode(reply, LDNS_RCODE_REFUSED);
        return;
    }
    const QString name = nameOf(owner);
    // A name with escaped bytes (\DDD) is no name of ours: it cannot match, so refuse it.
    const ResolverAnswer answer =
        name.contains(u'\\') ? ResolverAnswer{} : zone.lookup(name, familyOf(type));
    switch (answer.kind) {
    case ResolverAnswer::Kind::Refused:
        ldns_pkt_set_rcode(reply, LDNS_RCODE_REFUSED);
        return;
    case ResolverAnswer::Kind::Addresses:
        ldns_pkt_set_aa(reply, true);
        for (const QString &address : answer.addresses) {
            Rr rr = record(owner, type, ttl);
            const ldns_rdf_type rdfType =
                type == LDNS_RR_TYPE_A ? LDNS_RDF_TYPE_A : LDNS_RDF_TYPE_AAAA;
            ldns_rr_push_rdf(rr.get(),
                             ldns_rdf_new_frm_str(rdfType, address.toLatin1().constData()));
            ldns_pkt_push_rr(reply, LDNS_SECTION_ANSWER, rr.release());
        }
        return;
    case ResolverAnswer::Kind::NoData:
    case ResolverAnswer::Kind::NxDomain: {
        ldns_pkt_set_aa(reply, true);
        if (answer.kind == ResolverAnswer::Kind::NxDomain)
            ldns_pkt_set_rcode(reply, LDNS_RCODE_NXDOMAIN);
        // The SOA itself is asked for at the apex: it is the answer, not a negative one.
        const QString asked = name.endsWith(u'.') ? name.chopped(1).toLower() : name.toLower();
        const bool apexSoa = type == LDNS_RR_TYPE_SOA && asked == answer.domain;
        ldns_pkt_push_rr(reply, apexSoa ? LDNS_SECTION_ANSWER : LDNS_SECTION_AUTHORITY,
                         soa(answer.domain, ttl).release());
        return;
    }
    }
}

} // namespace

QByteArray ResponderReply::to(const QByteArray &query, const ResolverZone &zone,
                              Transport transport, quint32 ttl)
{
    if (query.size() < headerSize)
        return {};
    ldns_pkt *parsed = nullptr;
    if (ldns_wire2pkt(&parsed, reinterpret_cast<const uint8_t *>(query.constData()),
                      size_t(query.size())) != LDNS_STATUS_OK)
        return (quint8(query.at(2)) & 0x80) ? QByteArray() : formatError(query);
    const Packet asked(parsed);
    if (ldns_pkt_qr(asked.get()))
        return {}; // a reply: never answer one (no loops between responders)

    Packet reply(ldns_pkt_new());
    ldns_pkt_set_id(reply.get(), ldns_pkt_id(asked.get()));
    ldns_pkt_set_qr(reply.get(), true);
    ldns_pkt_set_opcode(reply.get(), ldns_pkt_get_opcode(asked.get()));
    ldns_pkt_set_rd(reply.get(), ldns_pkt_rd(asked.get()));
    const ldns_rr_list *questions = ldns_pkt_question(asked.get());
    if (ldns_rr_list_rr_count(questions) >= 1)
        ldns_pkt_push_rr(reply.get(), LDNS_SECTION_QUESTION,
                         ldns_rr_clone(ldns_rr_list_rr(questions, 0)));
    const bool edns = ldns_pkt_edns(asked.get());
    if (edns)
        ldns_pkt_set_edns_udp_size(reply.get(), ourUdpSize);

    if (ldns_pkt_get_opcode(asked.get()) != LDNS_PACKET_QUERY)
        ldns_pkt_set_rcode(reply.get(), LDNS_RCODE_NOTIMPL);
    else if (ldns_rr_list_rr_count(questions) != 1)
        ldns_pkt_set_rcode(reply.get(), LDNS_RCODE_FORMERR);
    else if (edns && ldns_pkt_edns_version(asked.get()) != 0)
        ldns_pkt_set_edns_extended_rcode(reply.get(), badVersHigh);
    else
        answerQuestion(reply.get(), ldns_rr_list_rr(questions, 0), zone, ttl);

    QByteArray out = wire(reply.get());
    // What the asker takes, but never above our own size (no fragmented replies).
    const quint16 limit =
        edns ? std::clamp(ldns_pkt_edns_udp_size(asked.get()), minimumUdpSize, ourUdpSize)
             : minimumUdpSize;
    if (transport == Transport::Udp && out.size() > limit) {
        // Too big for the asker over UDP: the question alone, truncated; it asks over TCP.
        ldns_rr_list_deep_free(ldns_pkt_answer(reply.get()));
        ldns_pkt_set_answer(reply.get(), ldns_rr_list_new());
        ldns_rr_list_deep_free(ldns_pkt_authority(reply.get()));
        ldns_pkt_set_authority(reply.get(), ldns_rr_list_new());
        ldns_pkt_set_ancount(reply.get(), 0);
        ldns_pkt_set_nscount(reply.get(), 0);
        ldns_pkt_set_tc(reply.get(), true);
        out = wire(reply.get());
    }
    return out;
}
