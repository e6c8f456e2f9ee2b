#include "core/sink/flatentries.h"

#include "core/sink/helperprotocol.h"

namespace FlatEntries {

qsizetype maxFields()
{
    return qsizetype(HelperProtocol::maxEntries) * fieldsPerEntry;
}

QStringList encode(const HostEntries &entries)
{
    QStringList fields;
    fields.reserve(entries.size() * fieldsPerEntry);
    for (const HostEntry &entry : entries)
        fields << entry.ip << entry.host << entry.comment;
    return fields;
}

Decoded decode(qsizetype count, const QStringList &fields)
{
    Decoded decoded;
    if (count > maxFields()) {
        decoded.overflow = true;
        return decoded;
    }
    if (count != fields.size() || count % fieldsPerEntry != 0) {
        decoded.error = QStringLiteral("the entries must come as (address, host, comment) "
                                       "triples; %1 strings were sent; nothing was written")
                            .arg(count);
        return decoded;
    }
    decoded.entries.reserve(count / fieldsPerEntry);
    for (qsizetype i = 0; i < count; i += fieldsPerEntry)
        decoded.entries.append({fields.at(i), fields.at(i + 1), fields.at(i + 2)});
    return decoded;
}

} // namespace FlatEntries
