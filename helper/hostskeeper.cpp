#include "helper/hostskeeper.h"

#include "core/hosts/hostsblock.h"
#include "core/hosts/reservednames.h"

namespace {

HostsKeeper::Outcome refusal(HelperProtocol::Error error, const QString &message)
{
    HostsKeeper::Outcome outcome;
    outcome.error = error;
    outcome.message = message;
    return outcome;
}

} // namespace

HostsKeeper::HostsKeeper(QString hostsFile, QString policyFile, bool requireRootOwned)
    : m_hostsFile(std::move(hostsFile))
    , m_policy(std::move(policyFile), requireRootOwned)
    , m_requireRootOwned(requireRootOwned)
{}

HostsKeeper::Outcome HostsKeeper::checkMarker(const QString &marker)
{
    if (HostsBlock::isValidMarker(marker))
        return {};
    return refusal(HelperProtocol::Error::InvalidArgument,
                   QStringLiteral("the marker must be 1 to 64 characters of A-Z, 0-9 and '-' "
                                  "(like K8S-HOSTS); nothing was changed"));
}

std::optional<EntryValidator> HostsKeeper::checkEntries(const QString &marker,
                                                        const HostEntries &entries, bool overflow,
                                                        Outcome *refused) const
{
    *refused = checkMarker(marker);
    if (!refused->ok())
        return std::nullopt;
    if (overflow) {
        *refused = refusal(HelperProtocol::Error::InvalidArgument,
                           QStringLiteral("more than %1 entries for one block; nothing was "
                                          "written; narrow the namespaces or clusters you watch")
                               .arg(HelperProtocol::maxEntries));
        return std::nullopt;
    }
    QString error;
    std::optional<NamePolicy> policy = m_policy.load(&error);
    if (!policy) {
        *refused = refusal(HelperProtocol::Error::Failed, error);
        return std::nullopt;
    }
    EntryValidator validator(std::move(*policy), ReservedNames::forThisMachine());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const EntryVerdict verdict = validator.check(entries.at(i));
        if (!verdict.isActive()) {
            *refused = refusal(HelperProtocol::Error::InvalidArgument,
                               QStringLiteral("entry %1 of %2: %3; nothing was written")
                                   .arg(i + 1)
                                   .arg(entries.size())
                                   .arg(verdict.reason));
            return std::nullopt;
        }
    }
    return validator;
}

HostsKeeper::Outcome HostsKeeper::apply(uint uid, const QString &marker, const HostEntries &entries,
                                        const EntryValidator &rules)
{
    HostsFile file = hostsFile();
    const HostsFile::Result result =
        file.apply(marker, entries, rules, HostsFile::Rejections::RefuseAll);
    if (!result.ok) {
        if (result.rejected.isEmpty())
            return refusal(HelperProtocol::Error::Failed, result.error);
        return refusal(HelperProtocol::Error::InvalidArgument,
                       QStringLiteral("%1; nothing was written").arg(result.error));
    }
    record(uid, marker, result, QStringLiteral("SetEntries"));
    Outcome outcome;
    outcome.changed = result.changed;
    return outcome;
}

HostsKeeper::Outcome HostsKeeper::clear(uint uid, const QString &marker, const QString &cause)
{
    HostsFile file = hostsFile();
    const HostsFile::Result result = file.clear(marker);
    if (!result.ok)
        return refusal(HelperProtocol::Error::Failed, result.error);
    record(uid, marker, result, cause);
    Outcome outcome;
    outcome.changed = result.changed;
    return outcome;
}

HostsKeeper::Outcome HostsKeeper::entries(const QString &marker) const
{
    Outcome outcome = checkMarker(marker);
    if (!outcome.ok())
        return outcome;
    QString error;
    const std::optional<HostEntries> current = hostsFile().entries(marker, &error);
    if (!current)
        return refusal(HelperProtocol::Error::Failed, error);
    outcome.entries = *current;
    return outcome;
}

HostsFile HostsKeeper::hostsFile() const
{
    FileReplacer::Options options;
    options.requireRootOwned = m_requireRootOwned;
    return HostsFile(m_hostsFile, options);
}

void HostsKeeper::record(uint uid, const QString &marker, const HostsFile::Result &result,
                         const QString &cause)
{
    if (result.changed)
        m_audit.hostsChanged(uid, marker, result.previous(), result.current, cause);
}
