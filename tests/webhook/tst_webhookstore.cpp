// The pure part of ExternalDNS's webhook provider: the JSON bodies as ExternalDNS's Go client
// encodes them (kubernetes-sigs/external-dns plan/plan.go, endpoint/endpoint.go), the record
// store and the mappings it makes, the state file, and the WebhookSource the engine merges.
#include "core/sink/publisher.h"
#include "core/sync/publishchannel.h"
#include "core/sync/syncengine.h"
#include "core/webhook/webhooksource.h"
#include "core/webhook/webhookstore.h"
#include "tests/support/directpublishers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

// What json.NewEncoder(b).Encode(changes) writes for one Ingress's first sync with the TXT
// registry (owner "default"): the A record, its AAAA sibling and the registry's TXT records.
const QByteArray goChanges =
    R"({"create":[{"dnsName":"app.apps.test","targets":["192.168.122.10"],"recordType":"A",)"
    R"("labels":{"owner":"default","resource":"ingress/default/app"}},)"
    R"({"dnsName":"app.apps.test","targets":["fd00::10","fd00::11"],"recordType":"AAAA",)"
    R"("recordTTL":300,"labels":{"owner":"default","resource":"ingress/default/app"}},)"
    // (not a raw string: moc 6.4 loses its way on \" inside one)
    "{\"dnsName\":\"a-app.apps.test\",\"targets\":[\"\\\"heritage=external-dns,external-dns/"
    "owner=default,external-dns/resource=ingress/default/app\\\"\"],\"recordType\":\"TXT\","
    R"("providerSpecific":[{"name":"webhook/x","value":"1"}]}]})"
    "\n";

const QString context = u"external-dns@127.0.0.1:8888"_qs;

WebhookChanges changes(const QByteArray &body)
{
    QString error;
    const auto parsed = parseWebhookChanges(body, &error);
    if (!parsed)
        qFatal("%s", qPrintable(error));
    return *parsed;
}

QStringList addressesOf(const HostMappings &mappings)
{
    QStringList out;
    for (const HostMapping &m : mappings)
        out.append(m.address);
    out.sort();
    return out;
}

} // namespace

class TestWebhookStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsWhatExternalDnsSends();
    void refusesWhatGoWouldRefuse_data();
    void refusesWhatGoWouldRefuse();
    void nullAndEmptyBodies();
    void oneNameWithAllItsAddresses();
    void txtAndOtherTypesAreKeptVerbatim();
    void cnameIsLookedUpAsAName();
    void updateAndDelete();
    void updateKeepsTheNamesDate();
    void domainFilter();
    void stateFileRoundTrip();
    void sourcePersistsAndReloads();
    void sourceRefusesWhenTheFileCannotBeWritten();
    void engineKeepsStoredNamesAtStart();
};

void TestWebhookStore::readsWhatExternalDnsSends()
{
    const WebhookChanges c = changes(goChanges);
    QCOMPARE(c.create.size(), 3);
    QVERIFY(c.updateOld.isEmpty() && c.updateNew.isEmpty() && c.remove.isEmpty());
    QCOMPARE(c.create[0].dnsName, u"app.apps.test"_qs);
    QCOMPARE(c.create[0].recordType, u"A"_qs);
    QCOMPARE(c.create[0].targets, QStringList{u"192.168.122.10"_qs});
    QCOMPARE(c.create[1].ttl, 300);
    QCOMPARE(c.create[1].targets.size(), 2);
    QCOMPARE(c.create[2].recordType, u"TXT"_qs);
    QVERIFY(!c.create[2].publishes());
}

void TestWebhookStore::refusesWhatGoWouldRefuse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("says");
    QTest::newRow("not json") << QByteArray("{\"create\":") << u"not JSON"_qs;
    QTest::newRow("a list") << QByteArray("[]") << u"not a Changes object"_qs;
    QTest::newRow("create not a list") << QByteArray(R"({"create":{}})") << u"create is not"_qs;
    QTest::newRow("endpoint not an object")
        << QByteArray(R"({"delete":[1]})") << u"delete[0] is not an endpoint"_qs;
    QTest::newRow("targets not a list")
        << QByteArray(R"({"create":[{"dnsName":"a.test","targets":"1.2.3.4"}]})")
        << u"create[0].targets is not a list"_qs;
    QTest::newRow("target not a string")
        << QByteArray(R"({"create":[{"dnsName":"a.test","targets":[1]}]})")
        << u"create[0].targets[0]"_qs;
    QTest::newRow("ttl a string") << QByteArray(
                                         R"({"updateNew":[{"dnsName":"a.test","recordTTL":"60"}]})")
                                  << u"updateNew[0].recordTTL"_qs;
    QTest::newRow("ttl a fraction")
        << QByteArray(R"({"updateNew":[{"dnsName":"a.test","recordTTL":1.5}]})") << u"recordTTL"_qs;
    QTest::newRow("label not a string")
        << QByteArray(R"({"create":[{"dnsName":"a.test","labels":{"owner":1}}]})")
        << u"labels.owner"_qs;
    QTest::newRow("providerSpecific wrong")
        << QByteArray(R"({"create":[{"dnsName":"a.test","providerSpecific":[{"name":2}]}]})")
        << u"providerSpecific"_qs;
    QTest::newRow("no dnsName") << QByteArray(R"({"create":[{"targets":["1.2.3.4"]}]})")
                                << u"no dnsName"_qs;
    QTest::newRow("line break in a name")
        << QByteArray(R"({"create":[{"dnsName":"a.test\nb","recordType":"A"}]})")
        << u"line break"_qs;
}

void TestWebhookStore::refusesWhatGoWouldRefuse()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, says);
    QString error;
    QVERIFY(!parseWebhookChanges(body, &error));
    QVERIFY2(error.contains(says), qPrintable(error));
}

void TestWebhookStore::nullAndEmptyBodies()
{
    QString error;
    QVERIFY(parseWebhookChanges("null\n", &error)->isEmpty());
    QVERIFY(parseWebhookChanges("{}", &error)->isEmpty());
    QVERIFY(parseWebhookChanges(R"({"create":null,"delete":[]})", &error)->isEmpty());
    QVERIFY(parseWebhookEndpoints("null\n", &error)->isEmpty());
    QCOMPARE(parseWebhookEndpoints(R"([{"dnsName":"a.test"}])", &error)->size(), 1);
    QVERIFY(!parseWebhookEndpoints(R"({"dnsName":"a.test"})", &error));
}

// The A and AAAA records of one dnsName (several targets, one with a trailing dot) are one
// object, one source: all addresses of one name, never a conflict with itself.
void TestWebhookStore::oneNameWithAllItsAddresses()
{
    WebhookStore store;
    WebhookChanges c = changes(goChanges);
    c.create.append(
        changes(R"({"create":[{"dnsName":"App.apps.test.","targets":["192.168.122.11"],)"
                R"("recordType":"A","setIdentifier":"b"}]})")
            .create);
    const auto applied = store.apply(c, u"2026-12-07T00:00:00Z"_qs);
    QCOMPARE(applied.hosts, (QSet<QString>{u"app.apps.test"_qs, u"a-app.apps.test"_qs}));
    const ObjectMappings all = store.allMappings(context, {});
    QCOMPARE(all.keys(), QStringList{u"DNSEndpoint/app.apps.test"_qs});
    const HostMappings m = all.value(u"DNSEndpoint/app.apps.test"_qs);
    QCOMPARE(addressesOf(m), (QStringList{u"192.168.122.10"_qs, u"192.168.122.11"_qs,
                                          u"fd00::10"_qs, u"fd00::11"_qs}));
    for (const HostMapping &mapping : m) {
        QCOMPARE(mapping.host, u"app.apps.test"_qs);
        QCOMPARE(mapping.source, m.first().source);
        QCOMPARE(mapping.source.context, context);
        QCOMPARE(mapping.source.kind, u"DNSEndpoint"_qs);
        QCOMPARE(mapping.source.created, u"2026-12-07T00:00:00Z"_qs);
        QVERIFY(!mapping.addressIsName);
    }
    // Through the real merge: four lines for one name, no conflict.
    const auto result =
        DesiredHosts::compute({{context, m, {}}}, EntryValidator(NamePolicy(), ReservedNames()), {},
                              [](const QString &) { return NameResolution{}; });
    QCOMPARE(result.entries.size(), 4);
    for (const HostMapping &mapping : result.mappings)
        QCOMPARE(mapping.state, MappingState::Active);
}

void TestWebhookStore::txtAndOtherTypesAreKeptVerbatim()
{
    WebhookStore store;
    WebhookChanges c = changes(goChanges);
    c.create.append(
        changes(R"({"create":[{"dnsName":"_sip.apps.test","targets":["0 5 5060 sip.apps.test"],)"
                R"("recordType":"SRV","unknownField":{"kept":true}}]})")
            .create);
    store.apply(c, u"2026-12-07T00:00:00Z"_qs);
    const QJsonArray back =
        QJsonDocument::fromJson(webhookEndpointsToJson(store.records())).array();
    QCOMPARE(back.size(), 4);
    const QJsonArray sent = QJsonDocument::fromJson(goChanges).object().value(u"create").toArray();
    for (const QJsonValue &record : sent)
        QVERIFY2(back.contains(record), QJsonDocument(record.toObject()).toJson().constData());
    QVERIFY(back.contains(c.create.last().json));
    QVERIFY(!store.allMappings(context, {}).contains(u"DNSEndpoint/_sip.apps.test"_qs));
}

void TestWebhookStore::cnameIsLookedUpAsAName()
{
    WebhookStore store;
    store.apply(changes(R"({"create":[{"dnsName":"www.apps.test","targets":["LB.Example.NET."],)"
                        R"("recordType":"CNAME"}]})"),
                u"2026-12-07T00:00:00Z"_qs);
    const HostMappings m = store.allMappings(context, {}).value(u"DNSEndpoint/www.apps.test"_qs);
    QCOMPARE(m.size(), 1);
    QVERIFY(m[0].addressIsName);
    QCOMPARE(m[0].address, u"lb.example.net"_qs);
    const auto result = DesiredHosts::compute(
        {{context, m, {}}}, EntryValidator(NamePolicy(), ReservedNames()), {},
        [](const QString &name) {
            return name == u"lb.example.net"
                       ? NameResolution{NameResolution::Resolved, {u"192.168.122.20"_qs}}
                       : NameResolution{};
        });
    QCOMPARE(result.entries.size(), 1);
    QCOMPARE(result.entries[0].ip, u"192.168.122.20"_qs);
}

void TestWebhookStore::updateAndDelete()
{
    WebhookStore store;
    store.apply(changes(goChanges), u"2026-12-07T00:00:00Z"_qs);
    const auto updated = store.apply(
        changes(R"({"updateOld":[{"dnsName":"app.apps.test","targets":["192.168.122.10"],)"
                R"("recordType":"A"}],"updateNew":[{"dnsName":"app.apps.test","targets":)"
                R"(["192.168.122.99"],"recordType":"A"}]})"),
        u"2026-12-07T01:00:00Z"_qs);
    QCOMPARE(updated.changes.size(), 1);
    QCOMPARE(updated.changes[0].action, u"updated"_qs);
    QCOMPARE(addressesOf(store.allMappings(context, {}).value(u"DNSEndpoint/app.apps.test"_qs)),
             (QStringList{u"192.168.122.99"_qs, u"fd00::10"_qs, u"fd00::11"_qs}));
    // Delete every record of the name: its object is reported empty (gone).
    const auto deleted =
        store.apply(changes(R"({"delete":[{"dnsName":"app.apps.test","recordType":"A"},)"
                            R"({"dnsName":"app.apps.test","recordType":"AAAA"},)"
                            R"({"dnsName":"gone.apps.test","recordType":"A"}]})"),
                    u"2026-12-07T02:00:00Z"_qs);
    QCOMPARE(deleted.changes.size(), 2); // the record we never held changes nothing
    const ObjectMappings m = store.mappings(deleted.hosts, context, {});
    QVERIFY(m.contains(u"DNSEndpoint/app.apps.test"_qs));
    QVERIFY(m.value(u"DNSEndpoint/app.apps.test"_qs).isEmpty());
    QCOMPARE(store.size(), 1); // the TXT record stays until ExternalDNS deletes it
}

// The oldest claim wins a conflict: an update must not make a name younger.
void TestWebhookStore::updateKeepsTheNamesDate()
{
    WebhookStore store;
    store.apply(
        changes(R"({"create":[{"dnsName":"a.test","targets":["10.0.0.1"],"recordType":"A"}]})"),
        u"2026-12-07T00:00:00Z"_qs);
    store.apply(
        changes(R"({"updateOld":[{"dnsName":"a.test","recordType":"A"}],)"
                R"("updateNew":[{"dnsName":"a.test","targets":["10.0.0.2"],"recordType":"A"}]})"),
        u"2026-12-08T00:00:00Z"_qs);
    const HostMappings m = store.allMappings(context, {}).value(u"DNSEndpoint/a.test"_qs);
    QCOMPARE(m.size(), 1);
    QCOMPARE(m[0].address, u"10.0.0.2"_qs);
    QCOMPARE(m[0].source.created, u"2026-12-07T00:00:00Z"_qs);
}

void TestWebhookStore::domainFilter()
{
    WebhookDomainFilter filter{{u"apps.test"_qs}, {u"internal.apps.test"_qs}};
    QCOMPARE(filter.toJson(),
             QByteArray(R"({"exclude":["internal.apps.test"],"include":["apps.test"]})"));
    QCOMPARE(WebhookDomainFilter{}.toJson(), QByteArray("{}"));
    QVERIFY(filter.matches(u"apps.test"_qs));
    QVERIFY(filter.matches(u"a.apps.test"_qs));
    QVERIFY(!filter.matches(u"a.internal.apps.test"_qs));
    QVERIFY(!filter.matches(u"xapps.test"_qs));
    QVERIFY(!filter.matches(u"a.other.test"_qs));
    WebhookStore store;
    store.apply(
        changes(
            R"({"create":[{"dnsName":"a.other.test","targets":["10.0.0.1"],"recordType":"A"}]})"),
        u"2026-12-07T00:00:00Z"_qs);
    QVERIFY(store.allMappings(context, filter).isEmpty());
    QCOMPARE(store.records().size(), 1);
}

void TestWebhookStore::stateFileRoundTrip()
{
    WebhookStore store;
    store.apply(changes(goChanges), u"2026-12-07T00:00:00Z"_qs);
    QString error;
    const auto back = WebhookStore::fromJson(store.toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(webhookEndpointsToJson(back->records()), webhookEndpointsToJson(store.records()));
    QCOMPARE(back->allMappings(context, {}), store.allMappings(context, {}));
    QVERIFY(!WebhookStore::fromJson("{", &error));
    QVERIFY(!WebhookStore::fromJson(R"({"version":2,"records":[]})", &error));
    QVERIFY(!WebhookStore::fromJson(R"({"version":1,"records":[{"endpoint":{"targets":[]}}]})",
                                    &error));
}

void TestWebhookStore::sourcePersistsAndReloads()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"state/webhook.json"_qs);
    WebhookSource source(u"127.0.0.1:8888"_qs, file, {});
    QCOMPARE(source.name(), context);
    QVERIFY(source.isSynced());
    QSignalSpy changed(&source, &MappingSource::mappingsChanged);
    QString error;
    QVERIFY(source.apply(changes(goChanges), u"10.0.2.15"_qs, &error));
    QCOMPARE(changed.size(), 1);
    const auto objects = changed.at(0).at(0).value<ObjectMappings>();
    QCOMPARE(objects.size(), 2); // app.apps.test with addresses, a-app.apps.test (TXT) empty
    QCOMPARE(objects.value(u"DNSEndpoint/app.apps.test"_qs).size(), 3);
    QVERIFY(QFile::exists(file));

    WebhookSource again(u"127.0.0.1:8888"_qs, file, {});
    again.load();
    QCOMPARE(webhookEndpointsToJson(again.records()), webhookEndpointsToJson(source.records()));
    QCOMPARE(again.mappingsByObject(), source.mappingsByObject());

    // An unreadable state file is set aside with a warning, not fatal.
    QFile bad(file);
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not json");
    bad.close();
    WebhookSource broken(u"127.0.0.1:8888"_qs, file, {});
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot read the stored records"_qs));
    broken.load();
    QVERIFY(broken.records().isEmpty());
}

void TestWebhookStore::sourceRefusesWhenTheFileCannotBeWritten()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(u"file"_qs));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    // A path below a regular file cannot be created, even as root.
    WebhookSource source(u"127.0.0.1:8888"_qs, dir.filePath(u"file/state.json"_qs), {});
    QSignalSpy changed(&source, &MappingSource::mappingsChanged);
    QString error;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot store the records"_qs));
    QVERIFY(!source.apply(changes(goChanges), u"10.0.2.15"_qs, &error));
    QVERIFY2(error.contains(u"cannot store the records"_qs), qPrintable(error));
    QVERIFY(source.records().isEmpty());
    QCOMPARE(changed.size(), 0);
}

// The seam: a block that holds a webhook name stays as it is at start, because the source
// has listed from its stored records; a change then goes through the same publishers.
void TestWebhookStore::engineKeepsStoredNamesAtStart()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(u"webhook.json"_qs);
    {
        WebhookSource first(u"127.0.0.1:8888"_qs, state, {});
        QString error;
        QVERIFY(first.apply(changes(goChanges), u"127.0.0.1"_qs, &error));
    }
    const QString hosts = dir.filePath(u"hosts"_qs);
    QFile file(hosts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray before =
        "127.0.0.1 localhost\n#### BEGIN K8S-HOSTS ####\n"
        "192.168.122.10 app.apps.test  # external-dns@127.0.0.1:8888//DNSEndpoint/app.apps.test\n"
        "fd00::10 app.apps.test  # external-dns@127.0.0.1:8888//DNSEndpoint/app.apps.test\n"
        "fd00::11 app.apps.test  # external-dns@127.0.0.1:8888//DNSEndpoint/app.apps.test\n"
        "#### END K8S-HOSTS ####\n";
    file.write(before);
    file.close();

    WebhookSource source(u"127.0.0.1:8888"_qs, state, {});
    source.load();
    SyncEngine::Options options;
    options.marker = u"K8S-HOSTS"_qs;
    options.hostsFile = hosts;
    SyncEngine engine(directPublishers(hosts), options);
    engine.addSource(&source);
    QSignalSpy settled(&engine, &SyncEngine::settled);
    QVERIFY(settled.wait(5000));
    QVERIFY(engine.hasFullySynced());
    QCOMPARE(engine.entries().size(), 3);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before); // nothing emptied, nothing rewritten
    file.close();

    QString error;
    QVERIFY(source.apply(changes(R"({"delete":[{"dnsName":"app.apps.test","recordType":"AAAA"}]})"),
                         u"127.0.0.1"_qs, &error));
    QTRY_COMPARE_WITH_TIMEOUT(engine.primary()->state().held.value_or(HostEntries{}).size(), 1,
                              5000);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray after = file.readAll();
    QVERIFY(after.contains("192.168.122.10 app.apps.test"));
    QVERIFY(!after.contains("fd00::10"));
}

QTEST_GUILESS_MAIN(TestWebhookStore)
#include "tst_webhookstore.moc"
