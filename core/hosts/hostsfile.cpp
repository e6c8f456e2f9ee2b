#include "core/hosts/hostsfile.h"

#include "core/hosts/filelock.h"
#include "core/hosts/hostsdocument.h"

namespace {

constexpr int maxRaces = 8;

} // namespace

HostsFile::HostsFile(const QString &path, FileReplacer::Options options)
    : m_replacer(path, options)
{}

HostsFile::Result HostsFile::edit(const QString &marker,
                                  const std::function<Plan(const HostsDocument &)> &plan)
{
    Result result;
    FileLock lock(m_replacer.lockPath());
    if (int err = 0; !lock.lock(&err)) {
        result.error = FileReplacer::describeWriteError(err, m_replacer.resolvedPath());
        result.permanent = FileReplacer::isPermanent(err);
        return result;
    }
    m_replacer.removeStaleTemporaries();

    for (int attempt = 0; attempt < maxRaces; ++attempt) {
        FileSnapshot snapshot;
        if (!m_replacer.read(&snapshot, &result.error, &result.permanent))
            return result;
        QString problem;
        const auto doc = HostsDocument::parse(snapshot.content, marker, &problem);
        if (!doc) {
            result.error = QStringLiteral("%1: %2").arg(m_replacer.resolvedPath(), problem);
            result.permanent = true; // damaged markers wait for a person
            return result;
        }
        Plan next = plan(*doc);
        result.before = doc;
        result.current = next.current;
        result.rejected = next.rejected;
        if (!next.refusal.isEmpty()) {
            result.error = next.refusal;
            result.current = result.previous();
            return result;
        }
        if (next.content == snapshot.content) {
            result.ok = true;
            return result;
        }
        switch (m_replacer.replace(snapshot, next.content, &result.error, &result.permanent)) {
        case FileReplacer::Outcome::Replaced:
            result.ok = true;
            result.changed = true;
            return result;
        case FileReplacer::Outcome::Failed:
            result.current = result.previous();
            return result;
        case FileReplacer::Outcome::Raced:
            continue;
        }
    }
    result.error = QStringLiteral("%1 kept changing while k8s-hosts tried to write it; another "
                                  "program is rewriting it continuously")
                       .arg(m_replacer.resolvedPath());
    result.current = result.previous();
    return result;
}

HostsFile::Result HostsFile::apply(const QString &marker, const HostEntries &desired,
                                   const EntryValidator &validator, Rejections mode,
                                   const HostEntries &acceptedBefore)
{
    return edit(marker, [&](const HostsDocument &doc) {
        const auto review = validator.review(desired, doc.namesOutsideBlock(), acceptedBefore);
        Plan plan{doc.withEntries(review.accepted), review.accepted, review.rejected, {}};
        if (mode == Rejections::RefuseAll && !review.rejected.isEmpty())
            plan.refusal = review.rejected.first().reason;
        return plan;
    });
}

HostsFile::Result HostsFile::clear(const QString &marker)
{
    return edit(marker, [](const HostsDocument &doc) {
        return Plan{doc.withoutBlock(), {}, {}, {}};
    });
}

std::optional<HostsDocument> HostsFile::read(const QString &marker, QString *error) const
{
    FileSnapshot snapshot;
    if (!m_replacer.read(&snapshot, error))
        return std::nullopt;
    return HostsDocument::parse(snapshot.content, marker, error);
}

std::optional<HostEntries> HostsFile::entries(const QString &marker, QString *error) const
{
    const auto doc = read(marker, error);
    return doc ? std::optional(doc->entries()) : std::nullopt;
}

std::optional<QSet<QString>> HostsFile::namesOutsideBlock(const QString &marker,
                                                          QString *error) const
{
    const auto doc = read(marker, error);
    return doc ? std::optional(doc->namesOutsideBlock()) : std::nullopt;
}

std::optional<OutsideNames> HostsFile::outsideNames(const QString &marker, QString *error) const
{
    const auto doc = read(marker, error);
    return doc ? std::optional(doc->outsideNames()) : std::nullopt;
}
