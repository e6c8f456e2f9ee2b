#pragma once

#include <QList>
#include <QString>

// The record types k8s-hosts publishes and reads back.
enum class RecordType
{
    A,
    AAAA,
    TXT,
    Other
};

QString recordTypeName(RecordType type); // "A", "AAAA", "TXT"
// A for an IPv4 address, AAAA for an IPv6 one.
RecordType addressType(const QString &address);

// One resource record as read from or sent to a server: the owner name in lower case
// without the final dot, and its value as text (an address, or a TXT record's strings
// joined).
struct DnsRecord
{
    QString name;
    RecordType type = RecordType::Other;
    quint32 ttl = 0;
    QString value;

    friend bool operator==(const DnsRecord &, const DnsRecord &) = default;
};
using DnsRecords = QList<DnsRecord>;

// An RFC 2136 UPDATE for one zone: prerequisites the server checks first, then changes it
// applies atomically.
struct DnsUpdate
{
    struct Prerequisite
    {
        enum class Kind
        {
            RecordExists, // this exact record (RRset exists, value-dependent: §2.4.2)
            RRsetAbsent,  // no record of this type at the name (§2.4.3)
        };
        Kind kind;
        QString name;
        RecordType type;
        QString value; // RecordExists only

        friend bool operator==(const Prerequisite &, const Prerequisite &) = default;
    };
    struct Change
    {
        enum class Kind
        {
            Add,          // add this record (§2.5.1)
            DeleteRRset,  // remove every record of this type at the name (§2.5.2)
            DeleteRecord, // remove this one record (§2.5.4)
        };
        Kind kind;
        QString name;
        RecordType type;
        QString value; // Add and DeleteRecord
        quint32 ttl = 0;

        friend bool operator==(const Change &, const Change &) = default;
    };

    QString zone;
    QList<Prerequisite> prerequisites;
    QList<Change> changes;
};
