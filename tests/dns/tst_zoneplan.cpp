// From desired entries and a zone's records to the changes that make the zone hold them:
// only our names change; others' are refused with their owner; nothing changes when
// nothing has to. Pure: no server.
#include "core/dns/dnsclient.h"
#include "core/dns/txtregistry.h"
#include "core/dns/zoneplan.h"

#include <QFile>
#include <QTest>

namespace {

const QString zone = QStringLiteral("dev.example.test");

DnsRecord txt(const QString &name, const QString &owner)
{
    return {name + u'.' + zone, RecordType::TXT, 30,
            TxtRegistry::value(owner, QStringLiteral("ingress/shop/web"))};
}

DnsRecord a(const QString &name, const QString &ip)
{
    return {name + u'.' + zone, addressType(ip), 30, ip};
}

HostEntry entry(const QString &ip, const QString &name)
{
    return {ip, name + u'.' + zone, QStringLiteral("kind-dev/shop/Ingress/web")};
}

} // namespace

class TestZonePlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registryFormat();
    void newChangedGoneAndKept();
    void othersAreRefused();
    void updateCarriesOwnershipPrerequisites();
    void zoneMembership();
    void readsWhatServersSend();
};

void TestZonePlan::registryFormat()
{
    QCOMPARE(TxtRegistry::ownerName(u"web.x.test"_qs, RecordType::A), u"a-web.x.test"_qs);
    QCOMPARE(TxtRegistry::ownerName(u"web.x.test"_qs, RecordType::AAAA), u"aaaa-web.x.test"_qs);
    QCOMPARE(TxtRegistry::recordOf(u"aaaa-web.x.test"_qs)->second, RecordType::AAAA);
    QCOMPARE(TxtRegistry::recordOf(u"a-web.x.test"_qs)->first, u"web.x.test"_qs);
    QVERIFY(!TxtRegistry::recordOf(u"web.x.test"_qs));
    const QString value = TxtRegistry::value(u"me"_qs, u"ingress/shop/web"_qs);
    QCOMPARE(
        value,
        u"heritage=external-dns,external-dns/owner=me,external-dns/resource=ingress/shop/web"_qs);
    QCOMPARE(TxtRegistry::ownerOf(value), u"me"_qs);
    QCOMPARE(TxtRegistry::ownerOf(u'"' + value + u'"'), u"me"_qs);
    QVERIFY(!TxtRegistry::ownerOf(u"v=spf1 -all"_qs));
    QCOMPARE(TxtRegistry::resourceOf(u"kind-dev/shop/Ingress/web"_qs), u"ingress/shop/web"_qs);
    QCOMPARE(TxtRegistry::resourceOf(u"k8s:kind-dev/shop/HTTPRoute/r"_qs), u"httproute/shop/r"_qs);
    QVERIFY(TxtRegistry::isValidOwner(u"k8s-hosts-alice@laptop"_qs));
    QVERIFY(!TxtRegistry::isValidOwner(u"a,b"_qs));
    QVERIFY(!TxtRegistry::isValidOwner(u"a=b"_qs));
}

void TestZonePlan::newChangedGoneAndKept()
{
    const ZoneState state =
        ZoneState::from(zone, {txt(u"a-same"_qs, u"me"_qs), a(u"same"_qs, u"10.0.0.1"_qs),
                               txt(u"a-moved"_qs, u"me"_qs), a(u"moved"_qs, u"10.0.0.2"_qs),
                               txt(u"a-gone"_qs, u"me"_qs), a(u"gone"_qs, u"10.0.0.3"_qs)});
    const ZonePlan plan =
        ZonePlan::make({entry(u"10.0.0.1"_qs, u"same"_qs), entry(u"10.0.0.4"_qs, u"moved"_qs),
                        entry(u"10.0.0.5"_qs, u"new"_qs), entry(u"fd00::5"_qs, u"new"_qs)},
                       state, u"me"_qs);
    QVERIFY(plan.refused.isEmpty());
    QCOMPARE(plan.kept, (HostEntries{entry(u"10.0.0.1"_qs, u"same"_qs)}));
    QStringList changes;
    for (const NameChange &c : plan.changes)
        changes << QStringLiteral("%1 %2 %3 %4")
                       .arg(c.name.section(u'.', 0, 0), recordTypeName(c.type), c.after.join(u','),
                            c.owned ? u"owned"_qs : u"new"_qs);
    QCOMPARE(changes, (QStringList{u"moved A 10.0.0.4 owned"_qs, u"new A 10.0.0.5 new"_qs,
                                   u"new AAAA fd00::5 new"_qs, u"gone A  owned"_qs}));

    ZoneState after = state;
    ZonePlan::apply(&after, plan.changes);
    const ZonePlan again =
        ZonePlan::make({entry(u"10.0.0.1"_qs, u"same"_qs), entry(u"10.0.0.4"_qs, u"moved"_qs),
                        entry(u"10.0.0.5"_qs, u"new"_qs), entry(u"fd00::5"_qs, u"new"_qs)},
                       after, u"me"_qs);
    QVERIFY(again.changes.isEmpty()); // nothing left to do: nothing is sent
    QCOMPARE(ZonePlan::held(after, u"me"_qs, {}).size(), 4);
}

void TestZonePlan::othersAreRefused()
{
    const ZoneState state =
        ZoneState::from(zone, {txt(u"a-theirs"_qs, u"colleague"_qs),
                               a(u"theirs"_qs, u"10.9.0.1"_qs), a(u"manual"_qs, u"10.9.0.2"_qs)});
    const ZonePlan plan = ZonePlan::make({entry(u"10.0.0.1"_qs, u"theirs"_qs),
                                          entry(u"10.0.0.2"_qs, u"manual"_qs),
                                          entry(u"fd00::2"_qs, u"manual"_qs),
                                          {u"10.0.0.3"_qs, u"web.other.test"_qs, {}},
                                          {u"10.0.0.4"_qs, zone, {}}},
                                         state, u"me"_qs);
    QCOMPARE(plan.changes.size(), 1); // manual's AAAA: nobody holds that type there
    QCOMPARE(plan.changes.first().type, RecordType::AAAA);
    QCOMPARE(plan.refused.size(), 4);
    QStringList reasons;
    for (const EntryVerdict &v : plan.refused)
        reasons << v.reason;
    const QString all = reasons.join(u'\n');
    QVERIFY2(all.contains(u"belongs to colleague"), qPrintable(all));
    QVERIFY2(all.contains(u"no owner registered"), qPrintable(all));
    QVERIFY2(all.contains(u"not in zone"), qPrintable(all));
    QVERIFY2(all.contains(u"apex"), qPrintable(all));
    // Others' names are never planned away either.
    QVERIFY(ZonePlan::make({}, state, u"me"_qs).changes.isEmpty());
}

void TestZonePlan::updateCarriesOwnershipPrerequisites()
{
    const QString mine = TxtRegistry::value(u"me"_qs, u"ingress/shop/web"_qs);
    const DnsUpdate update =
        ZonePlan::update(zone,
                         {{u"old."_qs + zone, RecordType::A, {u"10.0.0.2"_qs}, true, mine, {}},
                          {u"new."_qs + zone, RecordType::A, {u"10.0.0.3"_qs}, false, mine, {}},
                          {u"gone."_qs + zone, RecordType::A, {}, true, mine, {}}},
                         30);
    using P = DnsUpdate::Prerequisite;
    using C = DnsUpdate::Change;
    QCOMPARE(update.prerequisites,
             (QList<P>{{P::Kind::RecordExists, u"a-old."_qs + zone, RecordType::TXT, mine},
                       {P::Kind::RRsetAbsent, u"a-new."_qs + zone, RecordType::TXT, {}},
                       {P::Kind::RRsetAbsent, u"new."_qs + zone, RecordType::A, {}},
                       {P::Kind::RecordExists, u"a-gone."_qs + zone, RecordType::TXT, mine}}));
    QCOMPARE(update.changes,
             (QList<C>{{C::Kind::DeleteRRset, u"old."_qs + zone, RecordType::A, {}, 0},
                       {C::Kind::Add, u"old."_qs + zone, RecordType::A, u"10.0.0.2"_qs, 30},
                       {C::Kind::Add, u"a-new."_qs + zone, RecordType::TXT, mine, 30},
                       {C::Kind::Add, u"new."_qs + zone, RecordType::A, u"10.0.0.3"_qs, 30},
                       {C::Kind::DeleteRRset, u"gone."_qs + zone, RecordType::A, {}, 0},
                       {C::Kind::DeleteRRset, u"a-gone."_qs + zone, RecordType::TXT, {}, 0}}));
}

void TestZonePlan::zoneMembership()
{
    QVERIFY(isInZone(u"a.dev.example.test"_qs, zone));
    QVERIFY(isInZone(zone, zone));
    QVERIFY(!isInZone(u"adev.example.test"_qs, zone));
    QVERIFY(!isInZone(u"example.test"_qs, zone));
}

// The fuzzer's seed messages (tests/fuzz/corpus/dnsanswer), read as the client reads them.
void TestZonePlan::readsWhatServersSend()
{
    const auto read = [](const char *name) {
        QFile file(QStringLiteral(K8S_HOSTS_SOURCE_DIR "/tests/fuzz/corpus/dnsanswer/") +
                   QString::fromLatin1(name));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("missing %s", name);
        return DnsClient::readMessage(file.readAll());
    };
    const auto transfer = read("axfr-registry");
    QVERIFY(transfer);
    QCOMPARE(transfer->rcode, 0);
    const ZoneState state = ZoneState::from(u"fuzz.test"_qs, transfer->answers);
    QCOMPARE(state.ownedBy(u"fuzz-owner"_qs),
             (QList<std::pair<QString, RecordType>>{{u"web.fuzz.test"_qs, RecordType::A},
                                                    {u"web.fuzz.test"_qs, RecordType::AAAA}}));
    QCOMPARE(state.addresses(u"web.fuzz.test"_qs, RecordType::AAAA), QStringList{u"::1"_qs});
    QCOMPARE(TxtRegistry::ownerOf(*state.registry(u"theirs.fuzz.test"_qs, RecordType::A)),
             u"someone-else"_qs);
    QVERIFY(!state.registry(u"manual.fuzz.test"_qs, RecordType::A));

    const auto badsig = read("notauth-badsig");
    QVERIFY(badsig);
    QCOMPARE(badsig->rcode, 9);
    QCOMPARE(badsig->tsigError, 16);
    const DnsAnswer answer =
        DnsClient::interpret(badsig->rcode, badsig->tsigError, u"fuzz.test"_qs, u"app-key"_qs);
    QVERIFY(answer.keyRefused && answer.permanent);
    QVERIFY(answer.error.contains(u"BADSIG"));
    QCOMPARE(read("nxrrset")->rcode, 8);
    // Two character-strings are one value; a message cut short is no message.
    QCOMPARE(TxtRegistry::ownerOf(read("txt-answer-split-strings")->answers.value(0).value),
             u"fuzz-owner"_qs);
    QVERIFY(!read("truncated"));
}

QTEST_GUILESS_MAIN(TestZonePlan)
#include "tst_zoneplan.moc"
