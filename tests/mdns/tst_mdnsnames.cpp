// Which names multicast DNS publishes: .local ones, each with all its addresses.
#include "core/mdns/mdnsnames.h"

#include <QTest>

class TestMdnsNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void onlyLocalNamesWithEveryAddress();
};

void TestMdnsNames::onlyLocalNamesWithEveryAddress()
{
    const MdnsNames names = MdnsNames::from({{u"10.0.0.2"_qs, u"web.local"_qs, {}},
                                             {u"10.0.0.1"_qs, u"web.local"_qs, {}},
                                             {u"10.0.0.1"_qs, u"web.local"_qs, u"again"_qs},
                                             {u"fd00::1"_qs, u"a.b.local"_qs, {}},
                                             {u"10.0.0.3"_qs, u"web.test"_qs, {}},
                                             {u"10.0.0.4"_qs, u"local"_qs, {}},
                                             {u"10.0.0.5"_qs, u"notlocal"_qs, {}}});
    QCOMPARE(names.hosts.keys(), (QStringList{u"a.b.local"_qs, u"web.local"_qs}));
    QCOMPARE(names.hosts.value(u"web.local"_qs), (QStringList{u"10.0.0.1"_qs, u"10.0.0.2"_qs}));
    QCOMPARE(names.refused.size(), 3);
    QVERIFY(names.refused.first().reason.contains(u"not a .local name"));
    QCOMPARE(MdnsNames::entriesOf({{u"web.local"_qs, {u"10.0.0.1"_qs}}},
                                  {{u"10.0.0.1"_qs, u"web.local"_qs, u"c"_qs},
                                   {u"10.0.0.2"_qs, u"web.local"_qs, u"c"_qs}}),
             (HostEntries{{u"10.0.0.1"_qs, u"web.local"_qs, u"c"_qs}}));
}

QTEST_GUILESS_MAIN(TestMdnsNames)
#include "tst_mdnsnames.moc"
