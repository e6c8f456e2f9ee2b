#include "entryvalidator.h"

#include "hostname.h"
#include "hostsblock.h"
#include "ipaddress.h"

#include <algorithm>

namespace {

bool isCommentChar(QChar c)
{
    if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9'))
        return true;
    switch (c.unicode()) {
    case u'.':
    case u'_':
    case u':':
    case u'/':
    case u'@':
    case u'=':
    case u'+':
    case u'-':
    case u' ':
        return true;
    default:
        return false;
    }
}

EntryVerdict reject(const HostEntry &entry, EntryState state, const QString &reason)
{
    return {entry, state, reason};
}

} // namespace

QString describeState(EntryState state)
{
    switch (state) {
    case EntryState::Active:
        return QStringLiteral("active");
    case EntryState::InvalidAddress:
        return QStringLiteral("invalid address");
    case EntryState::InvalidHost:
        return QStringLiteral("invalid host name");
    case EntryState::InvalidComment:
        return QStringLiteral("invalid comment");
    case EntryState::Wildcard:
        return QStringLiteral("wildcard not supported");
    case EntryState::Reserved:
        return QStringLiteral("reserved name");
    case EntryState::BlockedByPolicy:
        return QStringLiteral("blocked by policy");
    case EntryState::Shadowed:
        return QStringLiteral("shadowed");
    case EntryState::Duplicate:
        return QStringLiteral("duplicate");
    case EntryState::LineTooLong:
        return QStringLiteral("line too long");
    case EntryState::TooMany:
        return QStringLiteral("too many entries");
    }
    return {};
}

EntryValidator::EntryValidator(NamePolicy policy, ReservedNames reserved)
    : m_policy(std::move(policy))
    , m_reserved(std::move(reserved))
{}

QString EntryValidator::commentProblem(QStringView comment)
{
    if (comment.size() > maxCommentLength)
        return QStringLiteral("comment is longer than %1 characters").arg(maxCommentLength);
    // One pass for the characters and the spaces: this runs for every entry of every write.
    bool repeatedSpace = false;
    for (qsizetype i = 0; i < comment.size(); ++i) {
        if (!isCommentChar(comment[i]))
            return QStringLiteral(
                "comment may only hold letters, digits, single spaces and ._:/@=+-");
        repeatedSpace = repeatedSpace || (i > 0 && comment[i] == u' ' && comment[i - 1] == u' ');
    }
    if (comment.startsWith(u' ') || comment.endsWith(u' ') || repeatedSpace)
        return QStringLiteral("comment has leading, trailing or repeated spaces");
    // hostctl ends its sections at any "# end", and reads "# profile" as its own markers.
    if (comment.startsWith(u"end", Qt::CaseInsensitive) ||
        comment.startsWith(u"profile", Qt::CaseInsensitive))
        return QStringLiteral("comment may not start with \"end\" or \"profile\" (other tools "
                              "read those as their markers)");
    return {};
}

EntryVerdict EntryValidator::check(const HostEntry &entry) const
{
    if (Hostname::isWildcard(entry.host))
        return reject(entry, EntryState::Wildcard,
                      QStringLiteral("%1 is a wildcard; hosts files can only name exact hosts, so "
                                     "add the names you use as rules of their own")
                          .arg(entry.host.left(253)));
    QString why;
    const auto host = Hostname::normalize(entry.host, &why);
    if (!host)
        return reject(entry, EntryState::InvalidHost, QStringLiteral("host name %1").arg(why));
    const auto address = IpAddress::parse(entry.ip);
    if (!address)
        return reject(entry, EntryState::InvalidAddress,
                      QStringLiteral("%1: \"%2\" is not an IPv4 or IPv6 address")
                          .arg(*host, entry.ip.left(64)));
    if (const QString problem = commentProblem(entry.comment); !problem.isEmpty())
        return reject(entry, EntryState::InvalidComment,
                      QStringLiteral("%1: %2").arg(*host, problem));

    HostEntry canonical{address->toString(), std::move(*host), entry.comment};
    // Already canonical (the usual case): share the caller's text instead of a second copy.
    if (canonical.ip == entry.ip)
        canonical.ip = entry.ip;
    if (canonical.host == entry.host)
        canonical.host = entry.host;
    if (const QString reason = m_reserved.reasonFor(canonical.host); !reason.isEmpty())
        return reject(canonical, EntryState::Reserved, reason);
    if (const QString reason = m_policy.refusalForHost(canonical.host); !reason.isEmpty())
        return reject(canonical, EntryState::BlockedByPolicy, reason);
    if (const QString reason = m_policy.refusalForAddress(*address); !reason.isEmpty())
        return reject(canonical, EntryState::BlockedByPolicy,
                      QStringLiteral("%1: %2").arg(canonical.host, reason));
    if (HostsBlock::renderedSize(canonical) > maxLineBytes + 1)
        return reject(canonical, EntryState::LineTooLong,
                      QStringLiteral("%1: the line would be longer than %2 bytes")
                          .arg(canonical.host)
                          .arg(maxLineBytes));
    return {std::move(canonical), EntryState::Active, {}};
}

EntryValidator::Review EntryValidator::review(const HostEntries &entries,
                                              const QSet<QString> &namesOutsideBlock,
                                              const HostEntries &acceptedBefore) const
{
    Review result;
    HostEntries candidates;
    candidates.reserve(entries.size());
    // Both sorted: one walk finds the entries accepted before (they are canonical, so check()
    // would pass them unchanged).
    const bool walk = !acceptedBefore.isEmpty() && std::is_sorted(entries.cbegin(), entries.cend());
    auto before = acceptedBefore.cbegin();
    for (const HostEntry &entry : entries) {
        if (walk) {
            while (before != acceptedBefore.cend() && *before < entry)
                ++before;
        }
        const bool known = walk && before != acceptedBefore.cend() && *before == entry;
        EntryVerdict verdict = known ? EntryVerdict{entry, EntryState::Active, {}} : check(entry);
        if (verdict.isActive() && namesOutsideBlock.contains(verdict.entry.host))
            verdict = reject(verdict.entry, EntryState::Shadowed,
                             QStringLiteral("%1 is already named on a line outside the k8s-hosts "
                                            "block; that line wins, so remove it to let the "
                                            "cluster's address through")
                                 .arg(verdict.entry.host));
        if (verdict.isActive())
            candidates.append(std::move(verdict.entry));
        else
            result.rejected.append(std::move(verdict));
    }
    Review arranged = arrange(std::move(candidates));
    result.accepted = std::move(arranged.accepted);
    result.rejected += arranged.rejected;
    return result;
}

EntryValidator::Review EntryValidator::arrange(HostEntries candidates)
{
    Review result;
    // The app hands over sorted entries: checking that costs a tenth of sorting them again.
    if (!std::is_sorted(candidates.cbegin(), candidates.cend()))
        std::sort(candidates.begin(), candidates.end());
    result.accepted.reserve(candidates.size());

    // One IPv4 and one IPv6 line per host at most: resolvers disagree on repeated names.
    // Sorted input keeps a host's lines together, so only the tail needs looking at.
    for (HostEntry &entry : candidates) {
        const bool v6 = entry.ip.contains(u':');
        const HostEntry *kept = nullptr;
        for (auto it = result.accepted.crbegin();
             it != result.accepted.crend() && it->host == entry.host; ++it) {
            if (it->ip.contains(u':') == v6)
                kept = &*it;
        }
        if (!kept) {
            result.accepted.append(std::move(entry));
        } else if (kept->ip != entry.ip) {
            result.rejected.append(
                reject(entry, EntryState::Duplicate,
                       QStringLiteral("%1 already points at %2; one address per family is written")
                           .arg(entry.host, kept->ip)));
        } // the same host and address twice is one line
    }
    if (result.accepted.size() > maxEntries) {
        for (qsizetype i = maxEntries; i < result.accepted.size(); ++i)
            result.rejected.append(
                reject(result.accepted[i], EntryState::TooMany,
                       QStringLiteral("more than %1 entries for one block").arg(maxEntries)));
        result.accepted.resize(maxEntries);
    }
    return result;
}
