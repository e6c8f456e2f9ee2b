#include "desiredhosts.h"

#include <QHash>

#include <algorithm>

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
    QString comment = source.toString();
    for (QChar &c : comment) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                        (c >= u'0' && c <= u'9') || QStringView(u"._:/@=+-").contains(c);
        if (!ok)
            c = u'-';
    }
    comment = comment.left(EntryValidator::maxCommentLength);
    // hostctl reads "# end…" and "# profile…" as its own markers.
    if (!EntryValidator::commentProblem(comment).isEmpty())
        comment = (u"k8s:"_qs + comment).left(EntryValidator::maxCommentLength);
    return EntryValidator::commentProblem(comment).isEmpty() ? comment : QString();
}

DesiredHosts::Result DesiredHosts::compute(const QList<ContextMappings> &contexts,
                                           const EntryValidator &validator,
                                           const QSet<QString> &namesOutsideBlock,
                                           const NameResolver &resolve)
{
    Result result;
    for (const ContextMappings &context : contexts) {
        for (HostMapping m : context.mappings) {
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
                    m.host = verdict.entry.host;
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
            result.mappings.append(m);
        }
    }

    // The winning source of each host: the oldest claim among the active mappings.
    QHash<QString, const HostMapping *> winner;
    for (const HostMapping &m : result.mappings) {
        if (m.state != MappingState::Active)
            continue;
        const HostMapping *&w = winner[m.host];
        if (!w || claimOrder(m.source) < claimOrder(w->source))
            w = &m;
    }
    QHash<QString, QSet<QString>> winningAddresses;
    for (const HostMapping &m : result.mappings) {
        if (m.state == MappingState::Active && m.source == winner.value(m.host)->source)
            winningAddresses[m.host].insert(m.address);
    }
    HostEntries candidates;
    for (HostMapping &m : result.mappings) {
        if (m.state != MappingState::Active)
            continue;
        const HostMapping *w = winner.value(m.host);
        if (m.source == w->source) {
            candidates.append({m.address, m.host, commentFor(m.source)});
        } else if (!winningAddresses.value(m.host).contains(m.address)) {
            m.state = MappingState::Conflict;
            m.reason = QStringLiteral("%1 also claims %2 (%3) and is older, so it wins; remove one "
                                      "of the two or use different host names")
                           .arg(w->source.toString(), m.host, w->address);
        }
    }
    std::sort(result.mappings.begin(), result.mappings.end(),
              [](const HostMapping &a, const HostMapping &b) {
                  return std::tie(a.host, a.source.context, a.source.ns, a.source.kind,
                                  a.source.name, a.address) < std::tie(b.host, b.source.context,
                                                                       b.source.ns, b.source.kind,
                                                                       b.source.name, b.address);
              });
    result.entries = validator.review(candidates, namesOutsideBlock).accepted;
    return result;
}
