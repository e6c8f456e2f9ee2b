#pragma once

#include "core/sink/hostssink.h"

// --dry-run: answers like a sink that wrote, but touches nothing; the runner prints the
// block instead.
class DryRunSink : public HostsSink
{
    Q_OBJECT
public:
    using HostsSink::HostsSink;
    void apply(const QString &marker, const HostEntries &entries) override;
    void clear(const QString &marker) override;
};
