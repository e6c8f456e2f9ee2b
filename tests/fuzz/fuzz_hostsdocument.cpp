// libFuzzer target for the hosts-file parser: any bytes either parse or are refused with a
// reason, and a parsed file keeps its outside bytes through apply and clear.
#include "core/hosts/hostsblock.h"
#include "core/hosts/hostsdocument.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QString marker = QStringLiteral("K8S-HOSTS");
    static const HostEntries entries = {
        {QStringLiteral("10.0.0.1"), QStringLiteral("a.local"), {}}};
    const QByteArray content(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const auto doc = HostsDocument::parse(content, marker, &error);
    if (!doc) {
        if (error.isEmpty())
            std::abort(); // a refusal must say why
        return 0;
    }
    const QByteArray outside = doc->withoutBlock();
    if (!doc->hasBlock() && outside != content)
        std::abort();
    const auto applied = HostsDocument::parse(doc->withEntries(entries), marker, &error);
    if (!applied || applied->withoutBlock() != outside || applied->entries() != entries)
        std::abort();
    doc->namesOutsideBlock();
    return 0;
}
