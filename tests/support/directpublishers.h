#pragma once

#include "core/hosts/hostsblock.h"
#include "core/sink/directsink.h"
#include "core/sink/hostsfilepublisher.h"

// The engine's outputs for a test: our block of a hosts file this process writes itself
// (the engine takes ownership).
inline QList<Publisher *> directPublishers(const QString &hostsFile,
                                           const QString &marker = HostsBlock::defaultMarker(),
                                           const NamePolicy &policy = NamePolicy())
{
    return {new HostsFilePublisher(
        new DirectSink(hostsFile, EntryValidator(policy, ReservedNames::forThisMachine())),
        hostsFile, marker)};
}
