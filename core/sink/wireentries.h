#pragma once

#include "core/hosts/hostentry.h"

#include <QDBusArgument>
#include <QMetaType>

// The a(sss) list of (ip, host, comment) a caller sends the helper. Reading stops after
// HelperProtocol::maxEntries so an oversized request costs no more than the limit; the
// helper refuses it whole when overflow is set.
struct WireEntries
{
    HostEntries entries;
    bool overflow = false;

    // Call once before the type crosses the bus (either side).
    static void registerMetaType();
};

QDBusArgument &operator<<(QDBusArgument &argument, const WireEntries &wire);
const QDBusArgument &operator>>(const QDBusArgument &argument, WireEntries &wire);

Q_DECLARE_METATYPE(WireEntries)
