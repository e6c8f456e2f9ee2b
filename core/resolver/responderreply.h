#pragma once

#include "core/resolver/resolverzone.h"

#include <QByteArray>

// The reply to one DNS query, from the zone: wire format in and out, parsed and built by
// ldns. Answers with aa set and the question echoed as asked (case kept, for resolvers that
// randomise it); negative answers carry the domain's SOA (RFC 2308); EDNS0 is echoed with our
// UDP size; a UDP reply larger than the asker takes is truncated (TC) so it asks again over
// TCP. A message that is not a query gets FORMERR, NOTIMP or nothing at all.
struct ResponderReply
{
    enum class Transport
    {
        Udp,
        Tcp,
    };
    static constexpr quint32 defaultTtl = 30; // clusters are recreated: keep caches short
    static constexpr quint16 ourUdpSize = 1232;

    // Empty: send nothing (a reply, or too short to say which query it was).
    static QByteArray to(const QByteArray &query, const ResolverZone &zone, Transport transport,
                         quint32 ttl = defaultTtl);
};
