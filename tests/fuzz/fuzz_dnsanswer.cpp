// libFuzzer entry point for what DNS servers send back: an update's answer, a query's, a
// zone transfer's messages. The bytes are read as a DNS message (ldns), its records become
// the zone as we understand it (ZoneState), and a plan is made against it. Whatever a hostile
// or broken server sends, nothing crashes and the plan never touches a name whose registry
// record is not ours. Built as a fuzzer (-DWITH_FUZZERS=ON, clang) and, in every build, into
// the corpus replay test.
#include "core/dns/dnsclient.h"
#include "core/dns/txtregistry.h"
#include "core/dns/zoneplan.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *why)
{
    std::fprintf(stderr, "DNS answer invariant broken: %s\n", why);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray wire(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto message = DnsClient::readMessage(wire);
    if (!message)
        return 0;
    for (const DnsRecord &r : message->answers) {
        if (r.type != RecordType::Other &&
            (r.name.endsWith(u'.') || r.name != r.name.toLower() || r.name.contains(u'\\')))
            fail("a record we read has a name that is not plain lower case");
    }
    DnsClient::interpret(message->rcode, message->tsigError, QStringLiteral("fuzz.test"), {});
    const QString zone = QStringLiteral("fuzz.test");
    const QString owner = QStringLiteral("fuzz-owner");
    const ZoneState state = ZoneState::from(zone, message->answers);
    HostEntries desired;
    for (const DnsRecord &r : message->answers) // ask for every name the server mentioned
        desired.append({QStringLiteral("10.0.0.1"), r.name, {}});
    const ZonePlan plan = ZonePlan::make(desired, state, owner);
    for (const NameChange &c : plan.changes) {
        const auto registry = state.registry(c.name, c.type);
        if (c.owned && (!registry || TxtRegistry::ownerOf(*registry) != owner))
            fail("a change to a name we do not own");
        if (!c.owned && (registry || !state.addresses(c.name, c.type).isEmpty()))
            fail("a new name that someone already holds");
    }
    return 0;
}
