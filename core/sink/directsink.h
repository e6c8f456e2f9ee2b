#pragma once

#include "core/hosts/hostsfile.h"
#include "core/sink/hostssink.h"

#include <QQueue>

// Writes our block through the hosts-file engine in this process: for a file the user can
// write (--hosts-file, or root in CI). Entries that fail validation are left out and
// reported; the rest are written.
class DirectSink : public HostsSink
{
    Q_OBJECT

public:
    DirectSink(const QString &hostsFile, EntryValidator validator, QObject *parent = nullptr);

    void apply(const QString &marker, const HostEntries &entries) override;
    void clear(const QString &marker) override;
    // The name policy changed (an administrator allowed a domain): later writes use it.
    void setValidator(const EntryValidator &validator)
    {
        m_validator = validator;
        m_accepted.clear(); // accepted by the old one: check everything again
    }
    void setPolicy(const NamePolicy &policy) override
    {
        setValidator(EntryValidator(policy, ReservedNames::forThisMachine()));
    }

private:
    void runNext();

    struct Request
    {
        SinkReport::Operation operation;
        QString marker;
        HostEntries entries;
    };

    HostsFile m_file;
    EntryValidator m_validator;
    HostEntries m_accepted; // what m_validator accepted last: not checked again
    QQueue<Request> m_queue;
};
