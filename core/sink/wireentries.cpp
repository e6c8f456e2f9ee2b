#include "core/sink/wireentries.h"

#include "core/sink/helperprotocol.h"

#include <QDBusMetaType>

namespace {

// One (sss) element; registered so an array of them has the signature a(sss), even empty.
struct WireEntry
{
    HostEntry entry;
};

QDBusArgument &operator<<(QDBusArgument &argument, const WireEntry &wire)
{
    argument.beginStructure();
    argument << wire.entry.ip << wire.entry.host << wire.entry.comment;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, WireEntry &wire)
{
    argument.beginStructure();
    argument >> wire.entry.ip >> wire.entry.host >> wire.entry.comment;
    argument.endStructure();
    return argument;
}

} // namespace

void WireEntries::registerMetaType()
{
    qDBusRegisterMetaType<WireEntry>();
    qDBusRegisterMetaType<WireEntries>();
}

QDBusArgument &operator<<(QDBusArgument &argument, const WireEntries &wire)
{
    argument.beginArray(QMetaType::fromType<WireEntry>());
    for (const HostEntry &entry : wire.entries)
        argument << WireEntry{entry};
    argument.endArray();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, WireEntries &wire)
{
    wire = {};
    argument.beginArray();
    while (!argument.atEnd()) {
        if (wire.entries.size() >= HelperProtocol::maxEntries) {
            wire.overflow = true; // the rest is never decoded
            break;
        }
        WireEntry element;
        argument >> element;
        wire.entries.append(std::move(element.entry));
    }
    argument.endArray();
    return argument;
}
