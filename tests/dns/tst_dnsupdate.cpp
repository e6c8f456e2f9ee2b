// RFC 2136 publishing against real servers (BIND 9 and Knot, each test run against both),
// read back with dig as anyone would: create, change, delete, dual stack, ownership by the
// TXT registry, restarts and crashes, batches split around a foreign name, and failures
// that say what to fix.
#include "core/dns/dnsupdatepublisher.h"
#include "core/dns/txtregistry.h"
#include "tests/dns/dnsserverfixture.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {

const QString zone = QStringLiteral("dev.example.test");
const QString owner = QStringLiteral("k8s-hosts-test");

HostEntry entry(const QString &ip, const QString &host)
{
    return {ip, host + u'.' + zone, QStringLiteral("kind-dev/shop/Ingress/web")};
}

PublishResult noAnswer(PublishResult::Operation operation)
{
    PublishResult result;
    result.operation = operation;
    result.error = QStringLiteral("no answer within 30 s");
    return result;
}

} // namespace

class TestDnsUpdate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init_data();
    void init();
    void cleanup();
    void createChangeDelete_data() { init_data(); }
    void createChangeDelete();
    void foreignNamesAreLeftAlone_data() { init_data(); }
    void foreignNamesAreLeftAlone();
    void restartWithNothingChangedSendsNothing_data() { init_data(); }
    void restartWithNothingChangedSendsNothing();
    void crashThenRestartRepairs_data() { init_data(); }
    void crashThenRestartRepairs();
    void batchIsSplitAroundANameTakenMeanwhile_data() { init_data(); }
    void batchIsSplitAroundANameTakenMeanwhile();
    void wrongKeyIsPermanentWithTheFix_data() { init_data(); }
    void wrongKeyIsPermanentWithTheFix();
    void zoneNotServedIsPermanentWithTheFix_data() { init_data(); }
    void zoneNotServedIsPermanentWithTheFix();
    void serverDownIsRetried();
    void transferDeniedStillPublishes_data() { init_data(); }
    void transferDeniedStillPublishes();

private:
    DnsUpdatePublisher::Options options() const;
    PublishResult publish(DnsUpdatePublisher &publisher, const HostEntries &entries);
    PublishResult withdraw(DnsUpdatePublisher &publisher);

    std::unique_ptr<DnsServerFixture> m_server;
};

void TestDnsUpdate::init_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("BIND") << int(DnsServerFixture::Kind::Bind);
    QTest::newRow("Knot") << int(DnsServerFixture::Kind::Knot);
}

void TestDnsUpdate::init()
{
    if (::geteuid() != 0)
        QSKIP("the DNS servers run as nobody, started by root: run as root (CI does)");
    const auto kind = QTest::currentDataTag() ? DnsServerFixture::Kind(*static_cast<const int *>(
                                                    QTest::qData("kind", qMetaTypeId<int>())))
                                              : DnsServerFixture::Kind::Bind;
    DnsServerFixture::Options serverOptions;
    serverOptions.allowTransfer =
        QString::fromLatin1(QTest::currentTestFunction()) != u"transferDeniedStillPublishes";
    m_server = std::make_unique<DnsServerFixture>(kind, serverOptions);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestDnsUpdate::cleanup()
{
    m_server.reset();
}

DnsUpdatePublisher::Options TestDnsUpdate::options() const
{
    DnsUpdatePublisher::Options o;
    QString error;
    o.server = *DnsServer::parse(m_server->server(), &error);
    o.zone = zone;
    o.key = m_server->key();
    o.ttl = 30;
    o.owner = owner;
    o.timeoutMs = 5000;
    return o;
}

PublishResult TestDnsUpdate::publish(DnsUpdatePublisher &publisher, const HostEntries &entries)
{
    QSignalSpy finished(&publisher, &Publisher::finished);
    publisher.publish(entries);
    if (!finished.wait(30000))
        return noAnswer(PublishResult::Operation::Publish);
    return finished.first().first().value<PublishResult>();
}

PublishResult TestDnsUpdate::withdraw(DnsUpdatePublisher &publisher)
{
    QSignalSpy finished(&publisher, &Publisher::finished);
    publisher.withdraw();
    if (!finished.wait(30000))
        return noAnswer(PublishResult::Operation::Withdraw);
    return finished.first().first().value<PublishResult>();
}

void TestDnsUpdate::createChangeDelete()
{
    DnsUpdatePublisher publisher(options());
    PublishResult r =
        publish(publisher, {entry(u"10.0.0.1"_qs, u"web"_qs), entry(u"10.0.0.2"_qs, u"web"_qs),
                            entry(u"fd00::1"_qs, u"web"_qs), entry(u"10.0.0.9"_qs, u"api"_qs)});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(r.refused.isEmpty());
    QCOMPARE(r.held->size(), 4);
    QCOMPARE(m_server->lookup(u"web."_qs + zone, u"A"_qs),
             (QStringList{u"10.0.0.1"_qs, u"10.0.0.2"_qs}));
    QCOMPARE(m_server->lookup(u"web."_qs + zone, u"AAAA"_qs), QStringList{u"fd00::1"_qs});
    QCOMPARE(m_server->lookup(u"a-web."_qs + zone, u"TXT"_qs),
             QStringList{u"\"heritage=external-dns,external-dns/owner=k8s-hosts-test,"
                         "external-dns/resource=ingress/shop/web\""_qs});

    r = publish(publisher, {entry(u"10.0.0.3"_qs, u"web"_qs), entry(u"10.0.0.9"_qs, u"api"_qs)});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(m_server->lookup(u"web."_qs + zone, u"A"_qs), QStringList{u"10.0.0.3"_qs});
    QVERIFY(m_server->lookup(u"web."_qs + zone, u"AAAA"_qs).isEmpty());
    QVERIFY(m_server->lookup(u"aaaa-web."_qs + zone, u"TXT"_qs).isEmpty());

    r = withdraw(publisher);
    QVERIFY2(r.ok(), qPrintable(r.error));
    for (const QString &name : {u"web."_qs + zone, u"api."_qs + zone, u"a-web."_qs + zone}) {
        QVERIFY(m_server->lookup(name, u"A"_qs).isEmpty());
        QVERIFY(m_server->lookup(name, u"TXT"_qs).isEmpty());
    }
    QVERIFY(!m_server->lookup(zone, u"SOA"_qs).isEmpty());
}

void TestDnsUpdate::foreignNamesAreLeftAlone()
{
    QString error;
    QVERIFY2(
        m_server->nsupdate({u"update add taken.%1 30 A 10.9.9.9"_qs.arg(zone),
                            u"update add a-taken.%1 30 TXT \"heritage=external-dns,external-dns/"
                            "owner=someone-else,external-dns/resource=ingress/x/y\""_qs.arg(zone),
                            u"update add manual.%1 30 A 10.8.8.8"_qs.arg(zone)},
                           &error),
        qPrintable(error));
    DnsUpdatePublisher publisher(options());
    const PublishResult r = publish(publisher, {entry(u"10.0.0.5"_qs, u"taken"_qs),
                                                entry(u"10.0.0.6"_qs, u"manual"_qs),
                                                entry(u"10.0.0.7"_qs, u"mine"_qs),
                                                {u"10.0.0.8"_qs, u"elsewhere.test"_qs, {}}});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.refused.size(), 3);
    QStringList reasons;
    for (const EntryVerdict &v : r.refused)
        reasons << v.entry.host + u": "_qs + v.reason;
    reasons.sort();
    QVERIFY2(reasons.join(u'\n').contains(u"belongs to someone-else"),
             qPrintable(reasons.join(u'\n')));
    QVERIFY2(reasons.join(u'\n').contains(u"no owner registered"), qPrintable(reasons.join(u'\n')));
    QVERIFY2(reasons.join(u'\n').contains(u"is not in zone"), qPrintable(reasons.join(u'\n')));
    QCOMPARE(m_server->lookup(u"taken."_qs + zone, u"A"_qs), QStringList{u"10.9.9.9"_qs});
    QCOMPARE(m_server->lookup(u"manual."_qs + zone, u"A"_qs), QStringList{u"10.8.8.8"_qs});
    QCOMPARE(m_server->lookup(u"mine."_qs + zone, u"A"_qs), QStringList{u"10.0.0.7"_qs});
    QCOMPARE(*r.held, (HostEntries{entry(u"10.0.0.7"_qs, u"mine"_qs)}));

    // Withdrawing removes ours only.
    QVERIFY(withdraw(publisher).ok());
    QCOMPARE(m_server->lookup(u"taken."_qs + zone, u"A"_qs), QStringList{u"10.9.9.9"_qs});
    QCOMPARE(m_server->lookup(u"manual."_qs + zone, u"A"_qs), QStringList{u"10.8.8.8"_qs});
    QVERIFY(m_server->lookup(u"mine."_qs + zone, u"A"_qs).isEmpty());
}

void TestDnsUpdate::restartWithNothingChangedSendsNothing()
{
    const HostEntries entries = {entry(u"10.0.0.1"_qs, u"web"_qs), entry(u"fd00::1"_qs, u"web"_qs),
                                 entry(u"10.0.0.2"_qs, u"api"_qs)};
    {
        DnsUpdatePublisher first(options());
        QVERIFY(publish(first, entries).ok());
        QVERIFY(first.updatesSent() >= 1);
    }
    DnsUpdatePublisher second(options());
    const PublishResult r = publish(second, entries);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(second.updatesSent(), 0);
    QCOMPARE(r.held->size(), 3);
    QCOMPARE(r.heldBefore, r.held); // what the zone held when read: nothing new is said
}

void TestDnsUpdate::crashThenRestartRepairs()
{
    {
        DnsUpdatePublisher first(options());
        QVERIFY(
            publish(first, {entry(u"10.0.0.1"_qs, u"stale"_qs), entry(u"10.0.0.2"_qs, u"kept"_qs)})
                .ok());
    } // gone without withdrawing, as a crash would leave it
    QString error;
    // Meanwhile someone removed one of our addresses by hand.
    QVERIFY2(m_server->nsupdate({u"update delete kept.%1 A"_qs.arg(zone)}, &error),
             qPrintable(error));
    DnsUpdatePublisher second(options());
    const PublishResult r =
        publish(second, {entry(u"10.0.0.2"_qs, u"kept"_qs), entry(u"10.0.0.3"_qs, u"new"_qs)});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(m_server->lookup(u"kept."_qs + zone, u"A"_qs), QStringList{u"10.0.0.2"_qs});
    QCOMPARE(m_server->lookup(u"new."_qs + zone, u"A"_qs), QStringList{u"10.0.0.3"_qs});
    QVERIFY(m_server->lookup(u"stale."_qs + zone, u"A"_qs).isEmpty());
    QVERIFY(m_server->lookup(u"a-stale."_qs + zone, u"TXT"_qs).isEmpty());
}

void TestDnsUpdate::batchIsSplitAroundANameTakenMeanwhile()
{
    DnsUpdatePublisher::Options o = options();
    o.batchSize = 8;
    DnsUpdatePublisher publisher(o);
    QVERIFY(publish(publisher, {entry(u"10.0.1.1"_qs, u"first"_qs)}).ok()); // the zone is read
    QString error;
    QVERIFY2(m_server->nsupdate({u"update add n5.%1 30 A 10.9.9.9"_qs.arg(zone),
                                 u"update add a-n5.%1 30 TXT \"heritage=external-dns,external-dns/"
                                 "owner=quick-colleague\""_qs.arg(zone)},
                                &error),
             qPrintable(error));
    HostEntries many = {entry(u"10.0.1.1"_qs, u"first"_qs)};
    for (int i = 1; i <= 8; ++i)
        many.append(entry(u"10.0.2.%1"_qs.arg(i), u"n%1"_qs.arg(i)));
    const int before = publisher.updatesSent();
    const PublishResult r = publish(publisher, many);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.refused.size(), 1);
    QCOMPARE(r.refused.first().entry.host, u"n5."_qs + zone);
    QVERIFY2(r.refused.first().reason.contains(u"changed on the server meanwhile"),
             qPrintable(r.refused.first().reason));
    QCOMPARE(m_server->lookup(u"n5."_qs + zone, u"A"_qs), QStringList{u"10.9.9.9"_qs});
    for (int i : {1, 2, 3, 4, 6, 7, 8})
        QCOMPARE(m_server->lookup(u"n%1.%2"_qs.arg(i).arg(zone), u"A"_qs),
                 QStringList{u"10.0.2.%1"_qs.arg(i)});
    // One batch, refused, then halves: 8 → 4+4 → 2+2 → 1+1: a handful, not one per name.
    const int sent = publisher.updatesSent() - before;
    QVERIFY2(sent > 1 && sent <= 7, qPrintable(QString::number(sent)));
}

void TestDnsUpdate::wrongKeyIsPermanentWithTheFix()
{
    DnsUpdatePublisher::Options o = options();
    o.key->secret = QByteArray(32, 'k').toBase64();
    DnsUpdatePublisher publisher(o);
    const PublishResult r = publish(publisher, {entry(u"10.0.0.1"_qs, u"web"_qs)});
    QVERIFY(!r.ok());
    QVERIFY(r.permanent);
    QVERIFY2(r.error.contains(u"app-key") &&
                 (r.error.contains(u"BADSIG") || r.error.contains(u"BADKEY")),
             qPrintable(r.error));
    QVERIFY(!r.error.contains(QString::fromLatin1(o.key->secret)));
    QVERIFY(m_server->lookup(u"web."_qs + zone, u"A"_qs).isEmpty());
}

void TestDnsUpdate::zoneNotServedIsPermanentWithTheFix()
{
    DnsUpdatePublisher::Options o = options();
    o.zone = u"other.test"_qs;
    DnsUpdatePublisher publisher(o);
    const PublishResult r = publish(publisher, {{u"10.0.0.1"_qs, u"web.other.test"_qs, {}}});
    QVERIFY(!r.ok());
    QVERIFY(r.permanent);
    QVERIFY2(r.error.contains(u"other.test"), qPrintable(r.error));
}

void TestDnsUpdate::serverDownIsRetried()
{
    DnsUpdatePublisher::Options o;
    QString error;
    o.server = *DnsServer::parse(u"127.0.0.1:9"_qs, &error); // discard: nothing answers
    o.zone = zone;
    o.owner = owner;
    o.timeoutMs = 2000;
    DnsUpdatePublisher publisher(o);
    const PublishResult r = publish(publisher, {entry(u"10.0.0.1"_qs, u"web"_qs)});
    QVERIFY(!r.ok());
    QVERIFY(!r.permanent);
    QVERIFY2(r.error.contains(u"cannot reach the DNS server 127.0.0.1:9"), qPrintable(r.error));
}

void TestDnsUpdate::transferDeniedStillPublishes()
{
    DnsUpdatePublisher first(options());
    PublishResult r = publish(first, {entry(u"10.0.0.1"_qs, u"web"_qs)});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(m_server->lookup(u"web."_qs + zone, u"A"_qs), QStringList{u"10.0.0.1"_qs});
    // A restart finds its names by query: nothing to send.
    DnsUpdatePublisher second(options());
    r = publish(second, {entry(u"10.0.0.1"_qs, u"web"_qs)});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(second.updatesSent(), 0);
}

QTEST_GUILESS_MAIN(TestDnsUpdate)
#include "tst_dnsupdate.moc"
