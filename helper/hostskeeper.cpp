#include "helper/hostskeeper.h"

#include "core/hosts/hostsblock.h"
#include "core/hosts/hostsdocument.h"
#include "core/hosts/reservednames.h"
#include "helper/helperlog.h"

HostsKeeper::HostsKeeper(QString hostsFile, QString policyFile, QString stateDir,
                         bool requireRootOwned)
    : m_hostsFile(std::move(hostsFile))
    , m_policy(std::move(policyFile), requireRootOwned)
    , m_registry(std::move(stateDir), requireRootOwned)
    , m_requireRootOwned(requireRootOwned)
{
    QString error;
    if (!m_registry.load(&error))
        qCWarning(lcHelper).noquote() << error << "- starting without it";
}

// What the registry remembers of the other blocks, checked against the file: a block
// someone removed by hand no longer counts.
qsizetype HostsKeeper::entriesBesides(const QString &marker)
{
    FileSnapshot snapshot;
    QString error;
    FileReplacer::Options options;
    options.requireRootOwned = m_requireRootOwned;
    if (!FileReplacer(m_hostsFile, options).read(&snapshot, &error))
        return m_registry.entriesBesides(marker); // the write reports why
    qsizetype total = 0;
    for (const QString &other : m_registry.markers()) {
        if (other == marker)
            continue;
        const auto doc = HostsDocument::parse(snapshot.content, other, &error);
        const qsizetype held = doc ? doc->entries().size() : m_registry.block(other)->entries;
        if (doc && !doc->hasBlock())
            m_registry.recordWrite(other, m_registry.block(other)->uid, 0, &error);
        total += held;
    }
    return total;
}

bool HostsKeeper::ownedByAnother(const QString &marker, uint uid) const
{
    const std::optional<BlockRegistry::Block> block = m_registry.block(marker);
    return uid != 0 && block && block->uid != uid;
}

HostsKeeper::Outcome HostsKeeper::checkMarker(const QString &marker)
{
    if (HostsBlock::isValidMarker(marker))
        return {};
    return Outcome::refused(
        HelperProtocol::Error::InvalidArgument,
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
        *refused =
            Outcome::refused(HelperProtocol::Error::InvalidArgument,
                             QStringLiteral("more than %1 entries for one block; nothing was "
                                            "written; narrow the namespaces or clusters you watch")
                                 .arg(HelperProtocol::maxEntries));
        return std::nullopt;
    }
    QString error;
    std::optional<NamePolicy> policy = m_policy.load(&error);
    if (!policy) {
        *refused = Outcome::refused(HelperProtocol::Error::Failed, error);
        return std::nullopt;
    }
    EntryValidator validator(std::move(*policy), ReservedNames::forThisMachine());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const EntryVerdict verdict = validator.check(entries.at(i));
        if (!verdict.isActive()) {
            *refused = Outcome::refused(HelperProtocol::Error::InvalidArgument,
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
    // The caps hold for all our blocks together, so several markers cannot grow the file
    // past what resolvers read (and what the helper reads back).
    const qsizetype others = entriesBesides(marker);
    if (others + entries.size() > maxTotalEntries)
        return Outcome::refused(
            HelperProtocol::Error::InvalidArgument,
            QStringLiteral("the k8s-hosts blocks would hold %1 entries together, and "
                           "at most %2 are allowed; nothing was written; remove a "
                           "block or narrow what you sync")
                .arg(others + entries.size())
                .arg(maxTotalEntries));
    if (!m_registry.block(marker) && m_registry.blockCount() >= maxBlocks && !entries.isEmpty())
        return Outcome::refused(
            HelperProtocol::Error::InvalidArgument,
            QStringLiteral("there are %1 k8s-hosts blocks already, the most the helper "
                           "keeps; nothing was written; clear one you no longer use")
                .arg(maxBlocks));
    HostsFile file = hostsFile();
    const HostsFile::Result result =
        file.apply(marker, entries, rules, HostsFile::Rejections::RefuseAll);
    if (!result.ok) {
        if (result.rejected.isEmpty())
            return Outcome::refused(HelperProtocol::Error::Failed, result.error);
        return Outcome::refused(HelperProtocol::Error::InvalidArgument,
                                QStringLiteral("%1; nothing was written").arg(result.error));
    }
    record(uid, marker, result, QStringLiteral("SetEntries"));
    if (QString error; !m_registry.recordWrite(marker, uid, result.current.size(), &error))
        qCWarning(lcHelper).noquote() << "cannot keep the helper's state:" << error;
    Outcome outcome;
    outcome.changed = result.changed;
    return outcome;
}

HostsKeeper::Outcome HostsKeeper::clear(uint uid, const QString &marker, const QString &cause)
{
    // A file grown past what is read for a write can still lose our block.
    FileReplacer::Options options;
    options.requireRootOwned = m_requireRootOwned;
    options.maxSize = qsizetype(1) << 30;
    HostsFile file(m_hostsFile, options);
    const HostsFile::Result result = file.clear(marker);
    if (!result.ok)
        return Outcome::refused(HelperProtocol::Error::Failed, result.error);
    if (QString error; !m_registry.recordWrite(marker, uid, 0, &error))
        qCWarning(lcHelper).noquote() << "cannot keep the helper's state:" << error;
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
        return Outcome::refused(HelperProtocol::Error::Failed, error);
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
