// libFuzzer entry point for what anyone on this machine may send the local responder: the
// bytes are a query over UDP and over TCP, answered from a zone with exact names and
// wildcards. Whatever arrives, nothing crashes, a reply is never larger than DNS allows (and
// over UDP never over 1232 bytes), and a reply always carries the query's ID and the QR bit.
// Built as a fuzzer (-DWITH_FUZZERS=ON, clang) and, in every build, into the corpus replay
// test.
#include "core/resolver/responderreply.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *why)
{
    std::fprintf(stderr, "responder invariant broken: %s\n", why);
    std::abort();
}

const ResolverZone &zone()
{
    static const ResolverZone z = [] {
        HostEntries entries = {{QStringLiteral("10.0.0.1"), QStringLiteral("*.apps.test"), {}},
                               {QStringLiteral("fd00::1"), QStringLiteral("*.apps.test"), {}},
                               {QStringLiteral("10.0.0.2"), QStringLiteral("web.apps.test"), {}},
                               {QStringLiteral("10.0.0.3"), QStringLiteral("a.b.apps.test"), {}}};
        for (int i = 1; i <= 60; ++i)
            entries.append(
                {QStringLiteral("10.1.0.%1").arg(i), QStringLiteral("many.apps.test"), {}});
        return ResolverZone({QStringLiteral("apps.test")}, entries);
    }();
    return z;
}

void check(const QByteArray &query, const QByteArray &reply, qsizetype limit)
{
    if (reply.isEmpty())
        return;
    if (reply.size() < 12 || reply.size() > limit)
        fail("reply size out of bounds");
    if (reply.left(2) != query.left(2))
        fail("reply does not carry the query's ID");
    if (!(quint8(reply.at(2)) & 0x80))
        fail("reply without QR");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray query(reinterpret_cast<const char *>(data), qsizetype(size));
    check(query, ResponderReply::to(query, zone(), ResponderReply::Transport::Udp),
          ResponderReply::ourUdpSize);
    check(query, ResponderReply::to(query, zone(), ResponderReply::Transport::Tcp), 65535);
    return 0;
}
