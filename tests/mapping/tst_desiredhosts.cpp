#include "core/mapping/desiredhosts.h"

#include <QRandomGenerator>
#include <QTest>

#include <map>

namespace {

EntryValidator validator()
{
    return EntryValidator(NamePolicy(), ReservedNames(u"devbox"_qs));
}

HostMapping mapping(QString host, QString address, QString context, QString ns, QString name,
                    QString created = u"2024-01-01T00:00:00Z"_qs, QString kind = u"Ingress"_qs)
{
    return {
        host, address, false, {}, SourceRef{context, ns, kind, name, created}, MappingState::Active,
        {},   {}};
}

QString stateOf(const DesiredHosts::Result &r, const QString &host, const QString &name)
{
    for (const HostMapping &m : r.mappings) {
        if (m.host == host && m.source.name == name)
            return describeMappingState(m.state);
    }
    return u"missing"_qs;
}

} // namespace

class TestDesiredHosts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mergesContextsSortedWithComments();
    void olderClaimWinsConflict();
    void sameAddressIsNoConflict();
    void conflictRuleIsOrderIndependent();
    void addressOverrideAppliesToWholeContext();
    void resolvesLoadBalancerNames();
    void everyAddressOfTheWinner();
    void addressesOverTheLimitAreReported();
    void reportsBlockedReservedShadowed();
    void commentsAreSanitised();
    void longNameKeepsItsLineWithoutComment();
    void updatesMatchAFreshMerge();
    void removingEverythingLeavesNothing();
    void wildcardsForResolvers();
};

void TestDesiredHosts::mergesContextsSortedWithComments()
{
    const auto r = DesiredHosts::compute(
        {{u"kind-b"_qs,
          {mapping(u"z.local"_qs, u"10.0.0.2"_qs, u"kind-b"_qs, u"ns"_qs, u"z"_qs)},
          {}},
         {u"kind-a"_qs,
          {mapping(u"A.local"_qs, u"10.0.0.1"_qs, u"kind-a"_qs, u"ns"_qs, u"a"_qs)},
          {}}},
        validator(), {}, {});
    QCOMPARE(r.entries, (HostEntries{{u"10.0.0.1"_qs, u"a.local"_qs, u"kind-a/ns/Ingress/a"_qs},
                                     {u"10.0.0.2"_qs, u"z.local"_qs, u"kind-b/ns/Ingress/z"_qs}}));
}

void TestDesiredHosts::olderClaimWinsConflict()
{
    const auto r =
        DesiredHosts::compute({{u"c"_qs,
                                {mapping(u"x.local"_qs, u"10.0.0.2"_qs, u"c"_qs, u"attacker"_qs,
                                         u"new"_qs, u"2024-06-01T00:00:00Z"_qs),
                                 mapping(u"x.local"_qs, u"10.0.0.1"_qs, u"c"_qs, u"team"_qs,
                                         u"old"_qs, u"2024-01-01T00:00:00Z"_qs)},
                                {}}},
                              validator(), {}, {});
    QCOMPARE(r.entries, (HostEntries{{u"10.0.0.1"_qs, u"x.local"_qs, u"c/team/Ingress/old"_qs}}));
    QCOMPARE(stateOf(r, u"x.local"_qs, u"new"_qs), u"conflict"_qs);
    QCOMPARE(stateOf(r, u"x.local"_qs, u"old"_qs), u"active"_qs);
    for (const HostMapping &m : r.mappings) {
        if (m.state == MappingState::Conflict)
            QVERIFY(m.reason.contains(u"c/team/Ingress/old"));
    }
}

void TestDesiredHosts::sameAddressIsNoConflict()
{
    const auto r = DesiredHosts::compute(
        {{u"c"_qs,
          {mapping(u"x.local"_qs, u"10.0.0.1"_qs, u"c"_qs, u"a"_qs, u"one"_qs),
           mapping(u"x.local"_qs, u"10.0.0.1"_qs, u"c"_qs, u"b"_qs, u"two"_qs)},
          {}}},
        validator(), {}, {});
    QCOMPARE(r.entries.size(), 1);
    QCOMPARE(stateOf(r, u"x.local"_qs, u"two"_qs), u"active"_qs);
}

void TestDesiredHosts::conflictRuleIsOrderIndependent()
{
    HostMappings ms;
    for (int i = 0; i < 6; ++i)
        ms.append(mapping(u"x.local"_qs, u"10.0.0.%1"_qs.arg(i + 1), u"ctx%1"_qs.arg(i % 3),
                          u"ns"_qs, u"n%1"_qs.arg(i), u"2024-01-0%1T00:00:00Z"_qs.arg(1 + i % 2)));
    const auto first = DesiredHosts::compute({{u"c"_qs, ms, {}}}, validator(), {}, {});
    std::reverse(ms.begin(), ms.end());
    const auto second = DesiredHosts::compute({{u"c"_qs, ms, {}}}, validator(), {}, {});
    QCOMPARE(first.entries, second.entries);
    QCOMPARE(first.mappings, second.mappings);
    QCOMPARE(first.entries[0].ip, u"10.0.0.1"_qs); // oldest (day 1), then ctx0/ns/n0
}

void TestDesiredHosts::addressOverrideAppliesToWholeContext()
{
    HostMapping waiting = mapping(u"w.local"_qs, {}, u"mk"_qs, u"ns"_qs, u"w"_qs);
    waiting.state = MappingState::WaitingForAddress;
    const auto r = DesiredHosts::compute(
        {{u"mk"_qs,
          {mapping(u"a.local"_qs, u"10.0.0.1"_qs, u"mk"_qs, u"ns"_qs, u"a"_qs), waiting},
          u"127.0.0.1"_qs}},
        validator(), {}, {});
    QCOMPARE(r.entries.size(), 2);
    for (const HostEntry &e : r.entries)
        QCOMPARE(e.ip, u"127.0.0.1"_qs);
}

void TestDesiredHosts::resolvesLoadBalancerNames()
{
    HostMapping named = mapping(u"a.local"_qs, u"lb.example.com"_qs, u"c"_qs, u"ns"_qs, u"a"_qs);
    named.addressIsName = true;
    named.state = MappingState::Resolving;
    HostMapping broken = named;
    broken.host = u"b.local"_qs;
    broken.address = u"gone.example.com"_qs;
    const auto resolver = [](const QString &name) {
        if (name == u"lb.example.com")
            return NameResolution{NameResolution::Resolved,
                                  {u"fd00::1"_qs, u"10.0.0.9"_qs, u"10.0.0.3"_qs}};
        return NameResolution{NameResolution::Failed, {}};
    };
    const auto r =
        DesiredHosts::compute({{u"c"_qs, {named, broken}, {}}}, validator(), {}, resolver);
    // Every address the name resolves to, in order whatever order the lookup gave.
    QCOMPARE(r.entries, (HostEntries{{u"10.0.0.3"_qs, u"a.local"_qs, u"c/ns/Ingress/a"_qs},
                                     {u"10.0.0.9"_qs, u"a.local"_qs, u"c/ns/Ingress/a"_qs},
                                     {u"fd00::1"_qs, u"a.local"_qs, u"c/ns/Ingress/a"_qs}}));
    QCOMPARE(r.mappings[0].via, u"lb.example.com"_qs);
    QCOMPARE(r.mappings[2].via, u"lb.example.com"_qs);
    QCOMPARE(stateOf(r, u"b.local"_qs, u"a"_qs), u"unresolvable"_qs);

    const auto pending = DesiredHosts::compute({{u"c"_qs, {named}, {}}}, validator(), {},
                                               [](const QString &) { return NameResolution{}; });
    QVERIFY(pending.entries.isEmpty());
    QCOMPARE(stateOf(pending, u"a.local"_qs, u"a"_qs), u"resolving"_qs);
}

void TestDesiredHosts::everyAddressOfTheWinner()
{
    // The older object serves a.local at two addresses; the newer one claims one of them (no
    // conflict) and a third (a conflict it loses).
    const auto r = DesiredHosts::compute(
        {{u"c"_qs,
          {mapping(u"a.local"_qs, u"10.0.0.1"_qs, u"c"_qs, u"ns"_qs, u"old"_qs,
                   u"2023-01-01T00:00:00Z"_qs),
           mapping(u"a.local"_qs, u"fd00::1"_qs, u"c"_qs, u"ns"_qs, u"old"_qs,
                   u"2023-01-01T00:00:00Z"_qs),
           mapping(u"a.local"_qs, u"10.0.0.1"_qs, u"c"_qs, u"ns"_qs, u"new"_qs),
           mapping(u"a.local"_qs, u"10.0.0.3"_qs, u"c"_qs, u"ns"_qs, u"new"_qs)},
          {}}},
        validator(), {}, {});
    QCOMPARE(r.entries, (HostEntries{{u"10.0.0.1"_qs, u"a.local"_qs, u"c/ns/Ingress/old"_qs},
                                     {u"fd00::1"_qs, u"a.local"_qs, u"c/ns/Ingress/old"_qs}}));
    QStringList states;
    for (const HostMapping &m : r.mappings)
        states << m.source.name + u' ' + m.address + u' ' + describeMappingState(m.state);
    QCOMPARE(states, (QStringList{u"new 10.0.0.1 active"_qs, u"new 10.0.0.3 conflict"_qs,
                                  u"old 10.0.0.1 active"_qs, u"old fd00::1 active"_qs}));
}

void TestDesiredHosts::addressesOverTheLimitAreReported()
{
    HostMappings many;
    for (int i = 1; i <= 10; ++i)
        many.append(mapping(u"a.local"_qs, u"10.0.0.%1"_qs.arg(i), u"c"_qs, u"ns"_qs, u"a"_qs));
    const auto r = DesiredHosts::compute({{u"c"_qs, many, {}}}, validator(), {}, {});
    QCOMPARE(r.entries.size(), EntryValidator::maxAddressesPerHost);
    // In the block's order (as text): .1, .10, .2 … .7 are written.
    QCOMPARE(r.entries.last().ip, u"10.0.0.7"_qs);
    QStringList over;
    for (const HostMapping &m : r.mappings) {
        if (m.state == MappingState::OverLimit) {
            over << m.address;
            QVERIFY2(m.reason.contains(u"at most 8"), qPrintable(m.reason));
        }
    }
    QCOMPARE(over, (QStringList{u"10.0.0.8"_qs, u"10.0.0.9"_qs}));
}

void TestDesiredHosts::reportsBlockedReservedShadowed()
{
    const auto r = DesiredHosts::compute(
        {{u"c"_qs,
          {mapping(u"accounts.google.com"_qs, u"10.0.0.1"_qs, u"c"_qs, u"ns"_qs, u"g"_qs),
           mapping(u"localhost"_qs, u"10.0.0.1"_qs, u"c"_qs, u"ns"_qs, u"l"_qs),
           mapping(u"a.local"_qs, u"169.254.169.254"_qs, u"c"_qs, u"ns"_qs, u"m"_qs),
           mapping(u"nas.lan"_qs, u"10.0.0.1"_qs, u"c"_qs, u"ns"_qs, u"s"_qs),
           mapping(u"ok.local"_qs, u"10.0.0.1"_qs, u"c"_qs, u"ns"_qs, u"ok"_qs)},
          {}}},
        validator(), OutsideNames{{u"nas.lan"_qs, {3, u"192.168.1.5"_qs, {}}}}, {});
    QCOMPARE(r.entries.size(), 1);
    QCOMPARE(stateOf(r, u"accounts.google.com"_qs, u"g"_qs), u"blocked"_qs);
    QCOMPARE(stateOf(r, u"localhost"_qs, u"l"_qs), u"blocked"_qs);
    QCOMPARE(stateOf(r, u"a.local"_qs, u"m"_qs), u"blocked"_qs);
    QCOMPARE(stateOf(r, u"nas.lan"_qs, u"s"_qs), u"shadowed"_qs);
    for (const HostMapping &m : r.mappings)
        QCOMPARE(m.reason.isEmpty(), m.state == MappingState::Active);
}

void TestDesiredHosts::commentsAreSanitised()
{
    QCOMPARE(DesiredHosts::commentFor({u"arn:aws:eks:eu-west-1:1:cluster/my#c\u00e9"_qs,
                                       u"ns"_qs,
                                       u"Ingress"_qs,
                                       u"x"_qs,
                                       {}}),
             u"arn:aws:eks:eu-west-1:1:cluster/my-c-/ns/Ingress/x"_qs);
    QCOMPARE(
        DesiredHosts::commentFor({u"endpoint-cluster"_qs, u"ns"_qs, u"Ingress"_qs, u"x"_qs, {}}),
        u"k8s:endpoint-cluster/ns/Ingress/x"_qs);
    QVERIFY(DesiredHosts::commentFor({QString(300, u'a'), u"ns"_qs, u"Ingress"_qs, u"x"_qs, {}})
                .size() <= 120);
}

// A name that fits a line only without its comment is written without it, never dropped
// while its mapping says active.
void TestDesiredHosts::longNameKeepsItsLineWithoutComment()
{
    const QString host = QString(63, u'a') + u'.' + QString(63, u'b') + u'.' + QString(63, u'c') +
                         u'.' + QString(40, u'd') + u".local"_qs;
    const QString longName = QString(60, u'n');
    const auto r = DesiredHosts::compute(
        {{u"ctx"_qs,
          {mapping(host, u"10.0.0.1"_qs, u"ctx"_qs, u"ns"_qs, longName),
           mapping(u"short.local"_qs, u"10.0.0.2"_qs, u"ctx"_qs, u"ns"_qs, longName)},
          {}}},
        validator(), {}, {});
    QCOMPARE(r.entries.size(), 2);
    QCOMPARE(r.entries[0], (HostEntry{u"10.0.0.1"_qs, host, {}}));
    QCOMPARE(r.entries[1].comment, u"ctx/ns/Ingress/"_qs + longName);
    QCOMPARE(stateOf(r, host, longName), u"active"_qs);
}

namespace {

// A random object's mappings: few hosts and addresses, so claims collide often; some
// invalid, blocked, waiting, named or long, and ages that tie.
HostMappings randomObject(QRandomGenerator &rng, const QString &context, const QString &ns,
                          const QString &name)
{
    static const QStringList addresses = {u"10.0.0.1"_qs,  u"10.0.0.2"_qs,      u"fd00::1"_qs,
                                          u"fd00::2"_qs,   u"8.8.8.8"_qs,       u"not-an-ip"_qs,
                                          u"010.0.0.1"_qs, u"lb.example.com"_qs};
    static const QStringList hosts = {u"a.local"_qs, u"B.local"_qs,    u"b.local"_qs,
                                      u"c.test"_qs,  u"*.w.local"_qs,  u"localhost"_qs,
                                      u"nas.lan"_qs, u"google.com"_qs, u"-bad.local"_qs};
    HostMappings out;
    const int count = int(rng.bounded(4));
    const QString created = u"2024-01-0%1T00:00:00Z"_qs.arg(1 + rng.bounded(3));
    const QString kind = rng.bounded(3) == 0 ? u"Service"_qs : u"Ingress"_qs;
    for (int i = 0; i < count; ++i) {
        HostMapping m =
            mapping(hosts[rng.bounded(hosts.size())], addresses[rng.bounded(addresses.size())],
                    context, ns, name, created, kind);
        if (m.address == u"lb.example.com") {
            m.addressIsName = true;
            m.state = MappingState::Resolving;
        } else if (rng.bounded(8) == 0) {
            m.address.clear();
            m.state = MappingState::WaitingForAddress;
        }
        out.append(m);
    }
    return out;
}

NameResolution resolveSome(const QString &name)
{
    if (name == u"lb.example.com")
        return {NameResolution::Resolved, {u"10.0.0.7"_qs, u"fd00::7"_qs}};
    return {NameResolution::Failed, {}};
}

} // namespace

// The table after any sequence of object updates, replaced and removed contexts equals a
// table built at once from where the sequence ended.
void TestDesiredHosts::updatesMatchAFreshMerge()
{
    const QStringList contexts = {u"kind-a"_qs, u"kind-b"_qs, u"mk"_qs};
    for (quint32 seed = 1; seed <= 300; ++seed) {
        QRandomGenerator rng(seed);
        DesiredHosts table(validator(), OutsideNames{{u"nas.lan"_qs, {3, u"192.168.1.5"_qs, {}}}},
                           resolveSome);
        std::map<QString, ObjectMappings> truth; // context → objects
        QHash<QString, QString> overrides;
        for (int step = 0; step < 40; ++step) {
            const QString context = contexts[rng.bounded(contexts.size())];
            const auto objectKey = [&] {
                return u"Ingress/ns%1/o%2"_qs.arg(rng.bounded(3)).arg(rng.bounded(6));
            };
            switch (rng.bounded(10)) {
            case 0: { // the namespaces or sources switched (or a first list): everything anew
                ObjectMappings all;
                const bool many = rng.bounded(3) == 0; // enough to be built as a batch
                for (int i = many ? 150 : int(rng.bounded(5)); i > 0; --i) {
                    const QString key =
                        many ? u"Ingress/ns%1/o%2"_qs.arg(rng.bounded(3)).arg(rng.bounded(100))
                             : objectKey();
                    all.insert(key, randomObject(rng, context, key.section(u'/', 1, 1),
                                                 key.section(u'/', 2)));
                }
                const QString address = rng.bounded(3) == 0 ? u"127.0.0.1"_qs : QString();
                table.setContext(context, address, all);
                overrides.insert(context, address);
                truth[context] = all;
                break;
            }
            case 1:
                table.removeContext(context);
                truth.erase(context);
                overrides.remove(context);
                break;
            default: { // a burst of object events
                ObjectMappings changes;
                for (int i = 1 + int(rng.bounded(3)); i > 0; --i) {
                    const QString key = objectKey();
                    changes.insert(key, rng.bounded(4) == 0
                                            ? HostMappings{}
                                            : randomObject(rng, context, key.section(u'/', 1, 1),
                                                           key.section(u'/', 2)));
                }
                if (!overrides.contains(context)) { // a context is added before its events
                    table.setContext(context, {}, {});
                    overrides.insert(context, {});
                    truth[context];
                }
                table.updateObjects(context, changes);
                for (auto it = changes.cbegin(); it != changes.cend(); ++it) {
                    if (it->isEmpty())
                        truth[context].remove(it.key());
                    else
                        truth[context].insert(it.key(), *it);
                }
            }
            }
            DesiredHosts fresh(validator(),
                               OutsideNames{{u"nas.lan"_qs, {3, u"192.168.1.5"_qs, {}}}},
                               resolveSome);
            for (const auto &[name, objects] : truth)
                fresh.setContext(name, overrides.value(name), objects);
            QVERIFY2(table.entries() == fresh.entries(),
                     qPrintable(u"seed %1 step %2"_qs.arg(seed).arg(step)));
            QVERIFY2(table.mappings() == fresh.mappings(),
                     qPrintable(u"seed %1 step %2"_qs.arg(seed).arg(step)));
            QCOMPARE(table.namesInUse(), fresh.namesInUse());
        }
    }
}

void TestDesiredHosts::removingEverythingLeavesNothing()
{
    DesiredHosts table(validator(), {}, resolveSome);
    HostMapping named = mapping(u"a.local"_qs, u"lb.example.com"_qs, u"c"_qs, u"ns"_qs, u"a"_qs);
    named.addressIsName = true;
    table.setContext(u"c"_qs, {},
                     {{u"Ingress/ns/a"_qs,
                       {named, mapping(u"b.local"_qs, u"10.0.0.1"_qs, u"c"_qs, u"ns"_qs, u"a"_qs)}},
                      {u"Ingress/ns/b"_qs,
                       {mapping(u"b.local"_qs, u"10.0.0.2"_qs, u"c"_qs, u"ns"_qs, u"b"_qs,
                                u"2023-01-01T00:00:00Z"_qs)}}});
    QCOMPARE(table.entries().size(), 3); // a.local twice: lb.example.com has two addresses
    QCOMPARE(table.entries()[2].ip, u"10.0.0.2"_qs); // the older object wins b.local
    QCOMPARE(table.namesInUse(), QSet<QString>{u"lb.example.com"_qs});

    table.updateObjects(u"c"_qs, {{u"Ingress/ns/b"_qs, {}}}); // the winner goes: a takes over
    QCOMPARE(table.entries()[2].ip, u"10.0.0.1"_qs);
    table.removeContext(u"c"_qs);
    QVERIFY(table.entries().isEmpty());
    QVERIFY(table.mappings().isEmpty());
    QVERIFY(table.namesInUse().isEmpty());
}

// No hosts file holds a wildcard; a local resolver gets them, decided as exact names are:
// the oldest claim wins, and the policy applies to the names the wildcard stands for.
void TestDesiredHosts::wildcardsForResolvers()
{
    DesiredHosts table(validator(), {}, {});
    ObjectMappings objects;
    objects.insert(u"Ingress/ns/new"_qs,
                   {mapping(u"*.apps.local"_qs, u"10.0.0.2"_qs, u"c"_qs, u"ns"_qs, u"new"_qs,
                            u"2024-06-01T00:00:00Z"_qs)});
    objects.insert(u"Ingress/ns/old"_qs,
                   {mapping(u"*.apps.local"_qs, u"10.0.0.1"_qs, u"c"_qs, u"ns"_qs, u"old"_qs),
                    mapping(u"*.apps.example.com"_qs, u"10.0.0.3"_qs, u"c"_qs, u"ns"_qs, u"old"_qs),
                    mapping(u"exact.local"_qs, u"10.0.0.4"_qs, u"c"_qs, u"ns"_qs, u"old"_qs)});
    table.setContext(u"c"_qs, {}, objects);
    QCOMPARE(table.entries(),
             (HostEntries{{u"10.0.0.4"_qs, u"exact.local"_qs, u"c/ns/Ingress/old"_qs}}));
    QCOMPARE(table.wildcardEntries(),
             (HostEntries{{u"10.0.0.1"_qs, u"*.apps.local"_qs, u"c/ns/Ingress/old"_qs}}));
}

QTEST_GUILESS_MAIN(TestDesiredHosts)
#include "tst_desiredhosts.moc"
