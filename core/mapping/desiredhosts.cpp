#include "desiredhosts.h"

#include "hostsblock.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace {

MappingState stateFor(EntryState state)
{
    switch (state) {
    case EntryState::Wildcard:
        return MappingState::Wildcard;
    case EntryState::Reserved:
    case EntryState::BlockedByPolicy:
        return MappingState::Blocked;
    case EntryState::Shadowed:
        return MappingState::Shadowed;
    default:
        return MappingState::Invalid;
    }
}

auto claimOrder(const SourceRef &s)
{
    return std::tie(s.created, s.context, s.ns, s.kind, s.name);
}

// Turns a DNS-named target into an address: the first IPv4 address it resolves to (or the
// first IPv6 one), sorted so repeated lookups in another order change nothing.
void resolveName(HostMapping *m, const NameResolver &resolve)
{
    const NameResolution result = resolve ? resolve(m->address) : NameResolution{};
    switch (result.status) {
    case NameResolution::Pending:
        m->state = MappingState::Resolving;
        m->reason = QStringLiteral("looking up the load balancer's name %1").arg(m->address);
        return;
    case NameResolution::Failed:
        m->state = MappingState::Unresolvable;
        m->reason = QStringLiteral("the load balancer's name %1 does not resolve; check your DNS "
                                   "or set an address override for this context")
                        .arg(m->address);
        return;
    case NameResolution::Resolved:
        break;
    }
    QStringList sorted = result.addresses;
    std::sort(sorted.begin(), sorted.end());
    const auto v4 = std::find_if(sorted.begin(), sorted.end(),
                                 [](const QString &a) { return !a.contains(u':'); });
    m->via = m->address;
    m->address = v4 != sorted.end() ? *v4 : sorted.value(0);
    m->addressIsName = false;
    m->state = m->address.isEmpty() ? MappingState::Unresolvable : MappingState::Active;
}

} // namespace

QString DesiredHosts::commentFor(const SourceRef &source)
{
    // One pass, one allocation: this runs for every entry of every recompute.
    QString comment(source.context.size() + source.ns.size() + source.kind.size() +
                        source.name.size() + 3,
                    Qt::Uninitialized);
    QChar *out = comment.data();
    for (const QString *part : {&source.context, &source.ns, &source.kind, &source.name}) {
        if (part != &source.context)
            *out++ = u'/';
        for (const QChar c : *part) {
            const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                            (c >= u'0' && c <= u'9') || QStringView(u"._:/@=+-").contains(c);
            *out++ = ok ? c : u'-';
        }
    }
    comment.truncate(EntryValidator::maxCommentLength);
    if (EntryValidator::commentProblem(comment).isEmpty())
        return comment;
    // hostctl reads "# end…" and "# profile…" as its own markers.
    comment = (u"k8s:"_qs + comment).left(EntryValidator::maxCommentLength);
    return EntryValidator::commentProblem(comment).isEmpty() ? comment : QString();
}

DesiredHosts::Result DesiredHosts::compute(QList<ContextMappings> contexts,
                                           const EntryValidator &validator,
                                           const QSet<QString> &namesOutsideBlock,
                                           const NameResolver &resolve)
{
    Result result;
    qsizetype total = 0;
    for (const ContextMappings &context : std::as_const(contexts))
        total += context.mappings.size();
    result.mappings.reserve(total);
    for (ContextMappings &context : contexts) {
        for (HostMapping &from : context.mappings) {
            HostMapping m = std::move(from);
            const bool routable = m.state == MappingState::Active ||
                                  m.state == MappingState::Resolving ||
                                  m.state == MappingState::WaitingForAddress;
            if (routable && !context.addressOverride.isEmpty()) {
                m.via = QStringLiteral("address override");
                m.address = context.addressOverride;
                m.addressIsName = false;
                m.state = MappingState::Active;
                m.reason.clear();
            } else if (m.state == MappingState::Resolving || m.addressIsName) {
                resolveName(&m, resolve);
            }
            if (m.state == MappingState::Active) {
                const EntryVerdict verdict = validator.check({m.address, m.host, {}});
                if (!verdict.isActive()) {
                    m.state = stateFor(verdict.state);
                    m.reason = verdict.reason;
                } else {
                    // Equal text stays shared with the session's copy: 10,000 fewer strings.
                    if (m.host != verdict.entry.host)
                        m.host = verdict.entry.host;
                    if (m.address != verdict.entry.ip)
                        m.address = verdict.entry.ip;
                    if (namesOutsideBlock.contains(m.host)) {
                        m.state = MappingState::Shadowed;
                        m.reason =
                            QStringLiteral("%1 is already named on a line outside the k8s-hosts "
                                           "block; that line wins, so remove it to let the "
                                           "cluster's address through")
                                .arg(m.host);
                    }
                }
            }
            result.mappings.append(std::move(m));
        }
        context.mappings = HostMappings();
    }

    // Sorted by host first, so each host's claims are side by side: the winner of a host is
    // the oldest claim among its active mappings, found without any per-host hash or set.
    // Positions are sorted, then each mapping moved once: swapping whole mappings cost more
    // than the rest of the computation at 10,000 entries.
    std::vector<qsizetype> order(size_t(result.mappings.size()));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](qsizetype i, qsizetype j) {
        const HostMapping &a = result.mappings.at(i);
        const HostMapping &b = result.mappings.at(j);
        // One three-way compare per field (a tuple's < compares twice); hosts mostly decide.
        for (const auto &[x, y] : {std::pair{&a.host, &b.host},
                                   {&a.source.context, &b.source.context},
                                   {&a.source.ns, &b.source.ns},
                                   {&a.source.kind, &b.source.kind},
                                   {&a.source.name, &b.source.name},
                                   {&a.address, &b.address}}) {
            if (const int c = x->compare(*y); c != 0)
                return c < 0;
        }
        return false;
    });
    // Applied in place, cycle by cycle: a second array of 10,000 mappings would raise the
    // peak memory of every recompute.
    HostMapping *all = result.mappings.data();
    for (qsizetype start = 0; start < qsizetype(order.size()); ++start) {
        if (order[size_t(start)] == start)
            continue;
        HostMapping held = std::move(all[start]);
        qsizetype at = start;
        while (order[size_t(at)] != start) {
            const qsizetype from = order[size_t(at)];
            all[at] = std::move(all[from]);
            order[size_t(at)] = at;
            at = from;
        }
        all[at] = std::move(held);
        order[size_t(at)] = at;
    }
    HostEntries candidates;
    candidates.reserve(result.mappings.size());
    for (auto first = result.mappings.begin(); first != result.mappings.end();) {
        auto last = std::find_if(first, result.mappings.end(),
                                 [&](const HostMapping &m) { return m.host != first->host; });
        const HostMapping *w = nullptr;
        for (auto m = first; m != last; ++m) {
            if (m->state == MappingState::Active &&
                (!w || claimOrder(m->source) < claimOrder(w->source)))
                w = &*m;
        }
        const auto wins = [&](const QString &address) {
            return std::any_of(first, last, [&](const HostMapping &m) {
                return m.state == MappingState::Active && m.source == w->source &&
                       m.address == address;
            });
        };
        for (auto m = first; w && m != last; ++m) {
            if (m->state != MappingState::Active)
                continue;
            if (m->source == w->source) {
                HostEntry entry{m->address, m->host, commentFor(m->source)};
                if (HostsBlock::renderedSize(entry) > EntryValidator::maxLineBytes + 1)
                    entry.comment.clear(); // a long name keeps its line, without the comment
                candidates.append(std::move(entry));
            } else if (!wins(m->address)) {
                m->state = MappingState::Conflict;
                m->reason =
                    QStringLiteral("%1 also claims %2 (%3) and is older, so it wins; remove one "
                                   "of the two or use different host names")
                        .arg(w->source.toString(), m->host, w->address);
            }
        }
        first = last;
    }
    // Every candidate passed the validator and the names outside the block above.
    result.entries = EntryValidator::arrange(std::move(candidates)).accepted;
    return result;
}
