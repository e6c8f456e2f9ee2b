#include "core/dns/dnsrecord.h"

QString recordTypeName(RecordType type)
{
    switch (type) {
    case RecordType::A:
        return QStringLiteral("A");
    case RecordType::AAAA:
        return QStringLiteral("AAAA");
    case RecordType::TXT:
        return QStringLiteral("TXT");
    case RecordType::Other:
        break;
    }
    return QStringLiteral("other");
}

RecordType addressType(const QString &address)
{
    return address.contains(u':') ? RecordType::AAAA : RecordType::A;
}
