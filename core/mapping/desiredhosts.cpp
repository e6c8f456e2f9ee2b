#include "core/mapping/desiredhosts.h"

#include "core/hosts/hostsblock.h"

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

// The order of a host's claims, and of mappings(): by source, then address.
bool listedBefore(const HostMapping &a, const HostMapping &b)
{
    // One three-way compare per field (a tuple's < compares twice).
    for (const auto &[x, y] : {std::pair{&a.source.context, &b.source.context},
                               {&a.source.ns, &b.source.ns},
                               {&a.source.kind, &b.source.kind},
                               {&a.source.name, &b.source.name},
                               {&a.address, &b.address}}) {
        if (const int c = x->compare(*y); c != 0)
            return c < 0;
    }
    return false;
}

QString shadowedReason(const QString &host, const OutsideName &line)
{
    if (!line.block.isEmpty())
        return QStringLiteral("line %1 of the hosts file already names %2 (%3) inside a %4 block "
                              "that another tool or an earlier --marker left; that line wins. If "
                              "nothing uses that block any more, remove it with: k8s-hosts "
                              "--no-gui --cleanup --marker %4")
            .arg(line.line)
            .arg(host, line.address, line.block);
    return QStringLiteral("line %1 of the hosts file already names %2 (%3) outside the k8s-hosts "
                          "block; that line wins, so remove it to let the cluster's address "
                          "through")
        .arg(line.line)
        .arg(host, line.address);
}

// Turns a DNS-named target into every address it resolves to (sorted, so lookups that
// answer in another order change nothing), one mapping each.
HostMappings resolveName(const HostMapping &m, const NameResolver &resolve)
{
    const NameResolution result = resolve ? resolve(m.address) : NameResolution{};
    HostMapping out = m;
    switch (result.status) {
    case NameResolution::Pending:
        out.state = MappingState::Resolving;
        out.reason = QStringLiteral("looking up the load balancer's name %1").arg(m.address);
        return {out};
    case NameResolution::Failed:
        out.state = MappingState::Unresolvable;
        out.reason = QStringLiteral("the load balancer's name %1 does not resolve; check your "
                                    "DNS or set an address override for this context")
                         .arg(m.address);
        return {out};
    case NameResolution::Resolved:
        break;
    }
    QStringList sorted = result.addresses;
    sorted.removeAll(QString());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    out.via = m.address;
    out.addressIsName = false;
    if (sorted.isEmpty()) {
        out.state = MappingState::Unresolvable;
        out.reason = QStringLiteral("the load balancer's name %1 has no addresses").arg(m.address);
        return {out};
    }
    HostMappings all;
    for (const QString &address : std::as_const(sorted)) {
        out.address = address;
        out.state = MappingState::Active;
        out.reason.clear();
        all.append(out);
    }
    return all;
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

QString DesiredHosts::commentContext(const QString &context)
{
    return contextOfComment(commentFor({context, {}, {}, {}, {}}));
}

QString DesiredHosts::contextOfComment(const QString &comment)
{
    QStringView text(comment);
    if (text.startsWith(u"k8s:"))
        text = text.sliced(4);
    const qsizetype slash = text.indexOf(u'/');
    return slash > 0 ? text.first(slash).toString() : QString();
}

DesiredHosts::DesiredHosts(EntryValidator validator, OutsideNames outside, NameResolver resolve)
    : m_validator(std::move(validator))
    , m_outside(std::move(outside))
    , m_resolve(std::move(resolve))
{}

bool DesiredHosts::accepts(const HostEntry &entry) const
{
    return m_validator.check(entry).isActive() && !m_outside.contains(entry.host);
}

void DesiredHosts::setContext(const QString &context, const QString &addressOverride,
                              const ObjectMappings &objects)
{
    const Batch batch(this, objects.size() + m_hostsOf.value(context).size());
    removeContext(context);
    m_overrides.insert(context, addressOverride);
    for (auto it = objects.cbegin(); it != objects.cend(); ++it)
        addObject(context, it.key(), *it);
}

void DesiredHosts::updateObjects(const QString &context, const ObjectMappings &objects)
{
    const Batch batch(this, objects.size());
    for (auto it = objects.cbegin(); it != objects.cend(); ++it) {
        removeObject(context, it.key());
        addObject(context, it.key(), *it);
    }
}

// Patching the sorted list costs a move of its tail per host: for many objects at once (a
// first list, a switch of namespaces) the list is built again afterwards instead.
DesiredHosts::Batch::Batch(DesiredHosts *table, qsizetype objects)
    : m_table(table)
    , m_rebuild(!table->m_batch && objects > 64)
{
    if (m_rebuild)
        m_table->m_batch = true;
}

DesiredHosts::Batch::~Batch()
{
    if (!m_rebuild)
        return;
    m_table->m_batch = false;
    HostEntries all;
    all.reserve(qsizetype(m_table->m_hosts.size()) + 8);
    for (const auto &[name, host] : m_table->m_hosts)
        all += host.entries;
    m_table->m_entries = std::move(all);
}

void DesiredHosts::removeContext(const QString &context)
{
    const Batch batch(this, m_hostsOf.value(context).size());
    const QStringList objects = m_hostsOf.value(context).keys();
    for (const QString &object : objects)
        removeObject(context, object);
    m_hostsOf.remove(context);
    m_overrides.remove(context);
}

void DesiredHosts::removeObject(const QString &context, const QString &object)
{
    const auto byContext = m_hostsOf.find(context);
    if (byContext == m_hostsOf.end())
        return;
    const QStringList hosts = byContext->take(object);
    for (const QString &name : hosts) {
        const auto host = m_hosts.find(name);
        if (host == m_hosts.end())
            continue;
        QList<Claim> &claims = host->second.claims;
        for (qsizetype i = claims.size() - 1; i >= 0; --i) {
            if (claims[i].object == object && claims[i].context == context) {
                countName(claims[i].mapping, -1);
                claims.removeAt(i);
            }
        }
        if (claims.isEmpty()) {
            m_hosts.erase(host);
            placeEntries(name, {});
        } else {
            settle(name, &host->second);
        }
    }
}

void DesiredHosts::addObject(const QString &context, const QString &object,
                             const HostMappings &mappings)
{
    if (mappings.isEmpty())
        return;
    const QString addressOverride = m_overrides.value(context);
    QStringList hosts;
    for (const HostMapping &raw : mappings) {
        for (HostMapping &mapping : prepared(raw, addressOverride)) {
            Claim claim{context, object, std::move(mapping), MappingState::Active, {}};
            countName(claim.mapping, +1);
            Host &host = m_hosts[claim.mapping.host];
            const auto at = std::upper_bound(
                host.claims.begin(), host.claims.end(), claim,
                [](const Claim &a, const Claim &b) { return listedBefore(a.mapping, b.mapping); });
            if (!hosts.contains(claim.mapping.host))
                hosts.append(claim.mapping.host);
            host.claims.insert(at, std::move(claim));
        }
    }
    for (const QString &name : std::as_const(hosts))
        settle(name, &m_hosts[name]);
    m_hostsOf[context].insert(object, hosts);
}

// The override, the load balancer's name and the validator applied to one mapping: a name
// becomes one mapping per address it resolves to.
HostMappings DesiredHosts::prepared(HostMapping m, const QString &addressOverride) const
{
    const bool routable = m.state == MappingState::Active || m.state == MappingState::Resolving ||
                          m.state == MappingState::WaitingForAddress;
    if (routable && !addressOverride.isEmpty()) {
        m.via = QStringLiteral("address override");
        m.address = addressOverride;
        m.addressIsName = false;
        m.state = MappingState::Active;
        m.reason.clear();
    } else if (routable && m.addressIsName) {
        HostMappings all;
        for (HostMapping &resolved : resolveName(m, m_resolve))
            all.append(validated(std::move(resolved)));
        return all;
    }
    return {validated(std::move(m))};
}

// The validator and the names outside the block, for a mapping with an address.
HostMapping DesiredHosts::validated(HostMapping m) const
{
    if (m.state != MappingState::Active)
        return m;
    const EntryVerdict verdict = m_validator.check({m.address, m.host, {}});
    if (!verdict.isActive()) {
        m.state = stateFor(verdict.state);
        m.reason = verdict.reason;
        return m;
    }
    // Equal text stays shared with the session's copy: 10,000 fewer strings.
    if (m.host != verdict.entry.host)
        m.host = verdict.entry.host;
    if (m.address != verdict.entry.ip)
        m.address = verdict.entry.ip;
    if (const auto line = m_outside.constFind(m.host); line != m_outside.cend()) {
        m.state = MappingState::Shadowed;
        m.reason = shadowedReason(m.host, *line);
    }
    return m;
}

HostEntries DesiredHosts::wildcardEntries() const
{
    const auto servable = [this](const QString &host, const HostMapping &m) {
        // The policy as for a name the wildcard stands for; a DNS name is not an address.
        return m.state == MappingState::Wildcard && !m.addressIsName &&
               m_validator.check({m.address, u"wildcard"_qs + host.mid(1), {}}).isActive();
    };
    HostEntries out;
    // "*." sorts before every name's first character: the wildcards come first in m_hosts.
    for (auto it = m_hosts.lower_bound(QStringLiteral("*.")); it != m_hosts.cend(); ++it) {
        if (!it->first.startsWith(QLatin1String("*.")))
            break;
        const Claim *w = nullptr;
        for (const Claim &c : it->second.claims) {
            if (servable(it->first, c.mapping) &&
                (!w || claimOrder(c.mapping.source) < claimOrder(w->mapping.source)))
                w = &c;
        }
        for (const Claim &c : it->second.claims) {
            if (w && c.mapping.source == w->mapping.source && servable(it->first, c.mapping))
                out.append({c.mapping.address, it->first, commentFor(c.mapping.source)});
        }
    }
    return out;
}

// Decides one host: the oldest active claim wins, claims of other addresses lose.
void DesiredHosts::settle(const QString &name, Host *host)
{
    const Claim *w = nullptr;
    for (const Claim &c : std::as_const(host->claims)) {
        if (c.mapping.state == MappingState::Active &&
            (!w || claimOrder(c.mapping.source) < claimOrder(w->mapping.source)))
            w = &c;
    }
    const auto wins = [&](const QString &address) {
        return std::any_of(host->claims.cbegin(), host->claims.cend(), [&](const Claim &c) {
            return c.mapping.state == MappingState::Active &&
                   c.mapping.source == w->mapping.source && c.mapping.address == address;
        });
    };
    HostEntries candidates;
    for (Claim &c : host->claims) {
        c.lostState = MappingState::Active;
        c.lostReason.clear();
        if (!w || c.mapping.state != MappingState::Active)
            continue;
        const HostMapping &m = c.mapping;
        if (m.source == w->mapping.source) {
            HostEntry entry{m.address, m.host, commentFor(m.source)};
            if (HostsBlock::renderedSize(entry) > EntryValidator::maxLineBytes + 1)
                entry.comment.clear(); // a long name keeps its line, without the comment
            candidates.append(std::move(entry));
        } else if (!wins(m.address)) {
            c.lostState = MappingState::Conflict;
            c.lostReason =
                QStringLiteral("%1 also claims %2 (%3) and is older, so it wins; remove one of "
                               "the two or use different host names")
                    .arg(w->mapping.source.toString(), m.host, w->mapping.address);
        }
    }
    // Every candidate passed the validator and the names outside the block already; what
    // arrange() still refuses is an address over the limit for one name.
    EntryValidator::Review arranged = EntryValidator::arrange(std::move(candidates));
    for (const EntryVerdict &refused : std::as_const(arranged.rejected)) {
        for (Claim &c : host->claims) {
            if (w && c.mapping.state == MappingState::Active &&
                c.mapping.source == w->mapping.source && c.mapping.address == refused.entry.ip) {
                c.lostState = MappingState::OverLimit;
                c.lostReason = refused.reason;
            }
        }
    }
    HostEntries entries = std::move(arranged.accepted);
    if (entries != host->entries) {
        placeEntries(name, entries);
        host->entries = std::move(entries);
    }
}

// Replaces one host's lines in the sorted list of all: the list is patched, not rebuilt.
void DesiredHosts::placeEntries(const QString &host, const HostEntries &entries)
{
    if (m_batch)
        return; // the batch rebuilds the list at its end
    const auto byHost = [](const HostEntry &e, const QString &h) {
        return e.host < h;
    };
    const qsizetype first =
        std::lower_bound(m_entries.cbegin(), m_entries.cend(), host, byHost) - m_entries.cbegin();
    qsizetype last = first;
    while (last < m_entries.size() && m_entries.at(last).host == host)
        ++last;
    const qsizetype common = std::min(last - first, entries.size());
    for (qsizetype i = 0; i < common; ++i)
        m_entries[first + i] = entries[i];
    if (last - first > common)
        m_entries.remove(first + common, last - first - common);
    for (qsizetype i = common; i < entries.size(); ++i)
        m_entries.insert(first + i, entries[i]);
}

void DesiredHosts::countName(const HostMapping &m, int delta)
{
    QString name;
    if (!m.via.isEmpty() && m.via != u"address override")
        name = m.via;
    else if (m.addressIsName)
        name = m.address;
    if (name.isEmpty())
        return;
    if ((m_nameUses[name] += delta) <= 0)
        m_nameUses.remove(name);
}

HostEntries DesiredHosts::entries() const
{
    // The block's limit: the first names in order stay.
    return m_entries.size() > EntryValidator::maxEntries
               ? m_entries.first(EntryValidator::maxEntries)
               : m_entries;
}

HostMappings DesiredHosts::mappings() const
{
    HostMappings all;
    for (const auto &[name, host] : m_hosts) {
        for (const Claim &c : host.claims) {
            all.append(c.mapping);
            if (c.lostState != MappingState::Active) {
                all.last().state = c.lostState;
                all.last().reason = c.lostReason;
            }
        }
    }
    return all;
}

QSet<QString> DesiredHosts::namesInUse() const
{
    QSet<QString> names;
    for (auto it = m_nameUses.cbegin(); it != m_nameUses.cend(); ++it)
        names.insert(it.key());
    return names;
}

DesiredHosts::Result DesiredHosts::compute(const QList<ContextMappings> &contexts,
                                           const EntryValidator &validator,
                                           const OutsideNames &outside, const NameResolver &resolve)
{
    DesiredHosts table(validator, outside, resolve);
    qsizetype next = 0;
    for (const ContextMappings &context : contexts) {
        if (!table.m_overrides.contains(context.context))
            table.setContext(context.context, context.addressOverride, {});
        // One object per mapping: enough to tell them apart, and the result is the same.
        ObjectMappings objects;
        for (const HostMapping &m : context.mappings)
            objects.insert(QString::number(next++), {m});
        table.updateObjects(context.context, objects);
    }
    return {table.entries(), table.mappings()};
}
