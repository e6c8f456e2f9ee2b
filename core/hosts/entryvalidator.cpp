#include "core/hosts/entryvalidator.h"

#include "core/hosts/hostname.h"
#include "core/hosts/hostsblock.h"
#include "core/hosts/ipaddress.h"

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
    case EntryState::TooManyAddresses:
        return QStringLiteral("too many addresses");
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
    // Another tool's marker anywhere in the line makes that tool cut the file inside our
    // block: SwitchHosts looks for "--- SWITCHHOSTS_CONTENT_START ---" wherever it is. (The
    // "#### BEGIN X ####" markers need '#', which no comment may hold.)
    if (comment.contains(u"switchhosts", Qt::CaseInsensitive))
        return QStringLiteral("comment may not hold another tool's marker (SWITCHHOSTS)");
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

    HostEntry canonical{address->toString(), *host, entry.comment};
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
    // Most hosts cannot be a name outside the block by their length alone: looking them up
    // would read every host's text, which is most of a 10,000-line review's time.
    quint64 outsideLengths = 0;
    for (const QString &name : namesOutsideBlock)
        outsideLengths |= quint64(1) << (name.size() % 64);
    const auto shadowed = [&](const QString &host) {
        return (outsideLengths >> (host.size() % 64) & 1) && namesOutsideBlock.contains(host);
    };
    // Lines that pass as they came need no copy: candidates is only built once one does not.
    HostEntries candidates;
    bool asGiven = true;
    // An entry equal to one accepted before passes check() unchanged (accepted entries are
    // canonical). Both lists come sorted from the app, so one walk pairs them up; in another
    // order it finds fewer pairs, never a wrong one.
    auto before = acceptedBefore.cbegin();
    const auto beforeEnd = acceptedBefore.cend();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const HostEntry &entry = entries.at(i);
        if (before != beforeEnd && !sameEntry(*before, entry)) {
            while (before != beforeEnd && *before < entry)
                ++before;
        }
        const bool known = before != beforeEnd && sameEntry(*before, entry);
        if (known)
            ++before;
        EntryVerdict verdict = known ? EntryVerdict{entry, EntryState::Active, {}} : check(entry);
        if (verdict.isActive() && shadowed(verdict.entry.host))
            verdict = reject(verdict.entry, EntryState::Shadowed,
                             QStringLiteral("%1 is already named on a line outside the k8s-hosts "
                                            "block; that line wins, so remove it to let the "
                                            "cluster's address through")
                                 .arg(verdict.entry.host));
        if (asGiven && !(verdict.isActive() && (known || sameEntry(verdict.entry, entry)))) {
            asGiven = false;
            candidates = entries.first(i);
        }
        if (!verdict.isActive())
            result.rejected.append(std::move(verdict));
        else if (!asGiven)
            candidates.append(verdict.entry);
    }
    Review arranged = asGiven ? arrange(entries) : arrange(std::move(candidates));
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

    // At most maxAddressesPerHost lines per host (glibc with "multi on", systemd-resolved and
    // mDNSResponder answer with every line of a name). Sorted input keeps a host's lines
    // together and the same address twice next to each other: that is one line.
    QList<qsizetype> dropped;
    const HostEntry *first = nullptr;
    qsizetype kept = 0;
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const HostEntry &entry = candidates.at(i);
        if (!first || entry.host != first->host) {
            first = &entry;
            kept = 1;
            continue;
        }
        if (entry.ip == candidates.at(i - 1).ip) {
            dropped.append(i);
            continue;
        }
        if (++kept <= maxAddressesPerHost)
            continue;
        dropped.append(i);
        result.rejected.append(reject(
            entry, EntryState::TooManyAddresses,
            QStringLiteral("%1 has %2 addresses already; at most %2 are written for one name")
                .arg(entry.host)
                .arg(maxAddressesPerHost)));
    }
    // Usually nothing was dropped and the input is the answer, shared rather than copied.
    if (dropped.isEmpty()) {
        result.accepted = std::move(candidates);
    } else {
        result.accepted.reserve(candidates.size() - dropped.size());
        auto next = dropped.cbegin();
        for (qsizetype i = 0; i < candidates.size(); ++i) {
            if (next != dropped.cend() && *next == i)
                ++next;
            else
                result.accepted.append(candidates.at(i));
        }
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
