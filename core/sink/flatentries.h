#pragma once

#include "core/hosts/hostentry.h"

#include <QStringList>

// Entries as they cross XPC (macOS): one flat array of strings, ip, host, comment, ip, ...
// NSXPCInterface limits the array to NSString elements; the shape and the size are checked
// here, in plain C++, so the rules are the same as on D-Bus and are tested on every platform.
namespace FlatEntries {

constexpr qsizetype fieldsPerEntry = 3;
// A longer array is not converted at all: the helper refuses it as an overflow.
qsizetype maxFields();

QStringList encode(const HostEntries &entries);

struct Decoded
{
    HostEntries entries;
    bool overflow = false; // more than HelperProtocol::maxEntries: refused whole
    QString error;         // a malformed array: refused whole

    bool ok() const { return error.isEmpty(); }
};
// count is the array's length as received, so an oversized array is recognised before a
// single element is converted (the caller then passes no fields).
Decoded decode(qsizetype count, const QStringList &fields);

} // namespace FlatEntries
