// Which names multicast DNS publishes (.local ones, each with all its addresses) and what a
// publisher changes to get there from what the daemon confirmed.
#include "core/mdns/mdnsnames.h"
#include "core/mdns/mdnsplan.h"

#include <QTest>

class TestMdnsNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void onlyLocalNamesWithEveryAddress();
    void planTouchesOnlyWhatDiffers();
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

void TestMdnsNames::planTouchesOnlyWhatDiffers()
{
    const MdnsNames wanted = MdnsNames::from({{u"10.0.0.1"_qs, u"same.local"_qs, {}},
                                              {u"10.0.0.3"_qs, u"moved.local"_qs, {}},
                                              {u"10.0.0.4"_qs, u"grown.local"_qs, {}},
                                              {u"10.0.0.5"_qs, u"grown.local"_qs, {}},
                                              {u"10.0.0.6"_qs, u"new.local"_qs, {}}});
    const QMap<QString, QStringList> held = {{u"same.local"_qs, {u"10.0.0.1"_qs}},
                                             {u"moved.local"_qs, {u"10.0.0.2"_qs}},
                                             {u"grown.local"_qs, {u"10.0.0.4"_qs}},
                                             {u"gone.local"_qs, {u"10.0.0.9"_qs}}};
    const MdnsPlan plan = MdnsPlan::between(held, wanted);
    QCOMPARE(plan.remove, QStringList{u"gone.local"_qs});
    QCOMPARE(plan.place, (QStringList{u"grown.local"_qs, u"moved.local"_qs, u"new.local"_qs}));
    const MdnsPlan none = MdnsPlan::between(wanted.hosts, wanted); // held as wanted
    QVERIFY(none.remove.isEmpty() && none.place.isEmpty());
    QVERIFY(MdnsPlan::collisionReason(u"web.local"_qs).contains(u"does not rename"));
}

QTEST_GUILESS_MAIN(TestMdnsNames)
#include "tst_mdnsnames.moc"
