#include "desiredhosts.h"

#include <QTest>

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
        {}};
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
    void reportsBlockedReservedShadowed();
    void commentsAreSanitised();
    void longNameKeepsItsLineWithoutComment();
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
    QCOMPARE(r.entries, (HostEntries{{u"10.0.0.3"_qs, u"a.local"_qs, u"c/ns/Ingress/a"_qs}}));
    QCOMPARE(r.mappings[0].via, u"lb.example.com"_qs);
    QCOMPARE(stateOf(r, u"b.local"_qs, u"a"_qs), u"unresolvable"_qs);

    const auto pending = DesiredHosts::compute({{u"c"_qs, {named}, {}}}, validator(), {},
                                               [](const QString &) { return NameResolution{}; });
    QVERIFY(pending.entries.isEmpty());
    QCOMPARE(stateOf(pending, u"a.local"_qs, u"a"_qs), u"resolving"_qs);
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
        validator(), {u"nas.lan"_qs}, {});
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

QTEST_GUILESS_MAIN(TestDesiredHosts)
#include "tst_desiredhosts.moc"
