#pragma once

#include "core/hosts/entryvalidator.h"
#include "core/hosts/hostsfile.h"
#include "core/sink/helperprotocol.h"
#include "helper/auditlog.h"
#include "helper/blockregistry.h"
#include "helper/policyfile.h"

#include <optional>

// What the helper does with a request, whatever carried it (D-Bus on Linux, XPC on macOS):
// the checks that need no authorization, the write itself, and its audit line. The
// transports stay thin: they identify the caller, authorize, and send the outcome back.
class HostsKeeper
{
public:
    // requireRootOwned: refuse a hosts file or policy anyone but root could have written
    // (always, in the helper; tests of this class turn it off). stateDir holds what the
    // helper knows of its blocks (BlockRegistry).
    HostsKeeper(QString hostsFile, QString policyFile, QString stateDir,
                bool requireRootOwned = true);

    // All our blocks together: at most this many entries in at most this many blocks.
    static constexpr qsizetype maxTotalEntries = 50000;
    static constexpr qsizetype maxBlocks = 64;

    struct Outcome
    {
        HelperProtocol::Error error = HelperProtocol::Error::None;
        QString message;      // a sentence with the fix when error is not None
        bool changed = false; // the file was rewritten
        HostEntries entries;  // entries(): the block as written

        bool ok() const { return error == HelperProtocol::Error::None; }
        // A request not carried out, and why.
        static Outcome refused(HelperProtocol::Error error, QString message)
        {
            Outcome outcome;
            outcome.error = error;
            outcome.message = std::move(message);
            return outcome;
        }
    };

    // Marker, size and every entry, checked before anyone is asked to authorize, so a bad
    // request never prompts. overflow: the caller sent more than HelperProtocol::maxEntries.
    // Returns the rules to write with, or nothing and the refusal in *refusal.
    std::optional<EntryValidator> checkEntries(const QString &marker, const HostEntries &entries,
                                               bool overflow, Outcome *refusal) const;
    static Outcome checkMarker(const QString &marker);

    // Makes the block hold exactly entries (checked by checkEntries), or writes nothing;
    // refuses what would take all our blocks past the caps.
    Outcome apply(uint uid, const QString &marker, const HostEntries &entries,
                  const EntryValidator &rules);
    // Another uid wrote this marker last: changing it needs more than the usual right.
    bool ownedByAnother(const QString &marker, uint uid) const;
    BlockRegistry &registry() { return m_registry; }
    // cause names why in the audit line: Clear, caller-disconnected.
    Outcome clear(uint uid, const QString &marker, const QString &cause);
    Outcome entries(const QString &marker) const;

    QString hostsFilePath() const { return m_hostsFile; }
    const PolicyFile &policyFile() const { return m_policy; }
    AuditLog &audit() { return m_audit; }

private:
    HostsFile hostsFile() const;
    qsizetype entriesBesides(const QString &marker);
    void record(uint uid, const QString &marker, const HostsFile::Result &result,
                const QString &cause);

    QString m_hostsFile;
    PolicyFile m_policy;
    BlockRegistry m_registry;
    bool m_requireRootOwned = true;
    AuditLog m_audit;
};
