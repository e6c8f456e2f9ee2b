// libFuzzer target for the bodies ExternalDNS's webhook client posts (POST /records: Changes,
// POST /adjustendpoints: a list of endpoints): any bytes either parse or are refused with a
// reason; what parses applies to a store whose records, mappings and state file survive a
// round trip unchanged.
#include "core/webhook/webhookendpoint.h"
#include "core/webhook/webhookstore.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const auto endpoints = parseWebhookEndpoints(body, &error);
    if (!endpoints && error.isEmpty())
        std::abort(); // a refusal must say why
    if (endpoints) {
        const auto again = parseWebhookEndpoints(webhookEndpointsToJson(*endpoints), &error);
        if (!again || again->size() != endpoints->size())
            std::abort();
    }
    error.clear();
    const auto changes = parseWebhookChanges(body, &error);
    if (!changes) {
        if (error.isEmpty())
            std::abort();
        return 0;
    }
    static const QString context = QStringLiteral("external-dns@127.0.0.1:8888");
    WebhookStore store;
    const WebhookStore::Applied applied =
        store.apply(*changes, QStringLiteral("2026-01-01T00:00:00Z"));
    const ObjectMappings all = store.allMappings(context, {});
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        for (const HostMapping &m : it.value()) {
            if (m.source.context != context || WebhookStore::objectOf(m.host) != it.key() ||
                !applied.hosts.contains(m.host))
                std::abort(); // every mapping is its name's, from a name this change touched
        }
    }
    const auto back = WebhookStore::fromJson(store.toJson(), &error);
    if (!back ||
        webhookEndpointsToJson(back->records()) != webhookEndpointsToJson(store.records()) ||
        back->allMappings(context, {}) != all)
        std::abort();
    // Deleting everything it holds leaves nothing.
    WebhookChanges removeAll;
    removeAll.remove = store.records();
    store.apply(removeAll, QStringLiteral("2026-01-01T00:00:01Z"));
    if (store.size() != 0)
        std::abort();
    return 0;
}
