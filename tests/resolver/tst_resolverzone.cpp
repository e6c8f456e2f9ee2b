// What the local resolver answers, as a table: exact names and wildcards by RFC 4592's
// closest-encloser rule, families, NODATA against NXDOMAIN, REFUSED outside its domains.
#include "core/resolver/resolverzone.h"

#include <QTest>

using Kind = ResolverAnswer::Kind;
using Family = ResolverZone::Family;

class TestResolverZone : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answers_data();
    void answers();
    void domainsFromWildcards();
    void namesOutsideAreNotServed();
};

namespace {

ResolverZone zone()
{
    return ResolverZone({u"apps.test"_qs, u"team.apps.test"_qs},
                        {{u"10.0.0.1"_qs, u"*.apps.test"_qs, {}},
                         {u"fd00::1"_qs, u"*.apps.test"_qs, {}},
                         {u"10.0.0.2"_qs, u"exact.apps.test"_qs, {}},
                         {u"10.0.0.3"_qs, u"deep.b.apps.test"_qs, {}},
                         {u"10.0.0.4"_qs, u"*.team.apps.test"_qs, {}},
                         {u"10.0.0.5"_qs, u"v4only.team.apps.test"_qs, {}}});
}

} // namespace

void TestResolverZone::answers_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<Family>("family");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QStringList>("addresses");
    QTest::addColumn<QString>("domain");

    const QStringList none;
    QTest::newRow("wildcard, one label") << u"a.apps.test"_qs << Family::V4 << Kind::Addresses
                                         << QStringList{u"10.0.0.1"_qs} << u"apps.test"_qs;
    QTest::newRow("wildcard, two labels") << u"b.c.apps.test"_qs << Family::V4 << Kind::Addresses
                                          << QStringList{u"10.0.0.1"_qs} << u"apps.test"_qs;
    QTest::newRow("wildcard, v6") << u"a.apps.test"_qs << Family::V6 << Kind::Addresses
                                  << QStringList{u"fd00::1"_qs} << u"apps.test"_qs;
    QTest::newRow("case and trailing dot") << u"A.Apps.TEST."_qs << Family::V4 << Kind::Addresses
                                           << QStringList{u"10.0.0.1"_qs} << u"apps.test"_qs;
    QTest::newRow("exact wins") << u"exact.apps.test"_qs << Family::V4 << Kind::Addresses
                                << QStringList{u"10.0.0.2"_qs} << u"apps.test"_qs;
    QTest::newRow("exact, other family: NODATA, not the wildcard")
        << u"exact.apps.test"_qs << Family::V6 << Kind::NoData << none << u"apps.test"_qs;
    QTest::newRow("below an exact name: no wildcard there")
        << u"x.exact.apps.test"_qs << Family::V4 << Kind::NxDomain << none << u"apps.test"_qs;
    QTest::newRow("empty non-terminal: NODATA")
        << u"b.apps.test"_qs << Family::V4 << Kind::NoData << none << u"apps.test"_qs;
    QTest::newRow("beside a deep name: no wildcard at b")
        << u"x.b.apps.test"_qs << Family::V4 << Kind::NxDomain << none << u"apps.test"_qs;
    QTest::newRow("apex: NODATA") << u"apps.test"_qs << Family::V4 << Kind::NoData << none
                                  << u"apps.test"_qs;
    QTest::newRow("the longer domain's wildcard")
        << u"q.team.apps.test"_qs << Family::V4 << Kind::Addresses << QStringList{u"10.0.0.4"_qs}
        << u"team.apps.test"_qs;
    QTest::newRow("longer domain, exact v4 only: NODATA for v6")
        << u"v4only.team.apps.test"_qs << Family::V6 << Kind::NoData << none
        << u"team.apps.test"_qs;
    QTest::newRow("other types: NODATA where a name exists")
        << u"exact.apps.test"_qs << Family::Other << Kind::NoData << none << u"apps.test"_qs;
    QTest::newRow("outside: REFUSED")
        << u"example.com"_qs << Family::V4 << Kind::Refused << none << QString();
    QTest::newRow("a suffix that only looks alike: REFUSED")
        << u"xapps.test"_qs << Family::V4 << Kind::Refused << none << QString();
}

void TestResolverZone::answers()
{
    QFETCH(QString, name);
    QFETCH(Family, family);
    QFETCH(Kind, kind);
    QFETCH(QStringList, addresses);
    QFETCH(QString, domain);
    const ResolverAnswer answer = zone().lookup(name, family);
    QCOMPARE(answer.kind, kind);
    QCOMPARE(answer.addresses, addresses);
    QCOMPARE(answer.domain, domain);
}

void TestResolverZone::domainsFromWildcards()
{
    QCOMPARE(ResolverZone::wildcardDomains({{u"10.0.0.1"_qs, u"*.b.test"_qs, {}},
                                            {u"10.0.0.1"_qs, u"*.A.test"_qs, {}},
                                            {u"10.0.0.2"_qs, u"*.b.test"_qs, {}},
                                            {u"10.0.0.3"_qs, u"*.test"_qs, {}},
                                            {u"10.0.0.4"_qs, u"exact.c.test"_qs, {}}}),
             (QStringList{u"a.test"_qs, u"b.test"_qs}));
}

void TestResolverZone::namesOutsideAreNotServed()
{
    const ResolverZone z({u"apps.test"_qs}, {{u"10.0.0.1"_qs, u"web.apps.test"_qs, {}},
                                             {u"10.0.0.2"_qs, u"web.other.test"_qs, {}},
                                             {u"10.0.0.3"_qs, u"*.test"_qs, {}}});
    QCOMPARE(z.served().size(), 1);
    QCOMPARE(z.outside().size(), 2);
    QCOMPARE(z.lookup(u"web.other.test"_qs, Family::V4).kind, Kind::Refused);
}

QTEST_GUILESS_MAIN(TestResolverZone)
#include "tst_resolverzone.moc"
