// The .local names on multicast DNS through a real avahi-daemon (its own bus and network,
// tests/mdns/avahifixture), read back as any host on the link would (dig to port 5353):
// publish, change, unpublish, a name another host holds (reported, not renamed), and
// avahi-daemon restarting under a running engine channel.
#include "core/mdns/avahipublisher.h"
#include "core/sync/publishchannel.h"
#include "tests/mdns/avahifixture.h"

#include <QDBusConnection>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {

PublishResult await(Publisher &publisher, const std::function<void()> &request)
{
    QSignalSpy finished(&publisher, &Publisher::finished);
    request();
    if (!finished.wait(30000)) {
        PublishResult none;
        none.error = QStringLiteral("no answer within 30 s");
        return none;
    }
    return finished.first().first().value<PublishResult>();
}

QString reasons(const PublishResult &r)
{
    QStringList out;
    for (const EntryVerdict &v : r.refused)
        out << v.entry.host + u": "_qs + v.reason;
    return out.join(u'\n');
}

} // namespace

class TestAvahiPublisher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void publishChangeUnpublish();
    void collisionIsReportedNotRenamed();
    void daemonRestartPublishesAgain();

private:
    std::unique_ptr<AvahiFixture> m_avahi;
    std::unique_ptr<QDBusConnection> m_bus;
};

void TestAvahiPublisher::init()
{
    if (::geteuid() != 0)
        QSKIP("avahi-daemon runs in namespaces of its own, started by root: run as root (CI does)");
    m_avahi = std::make_unique<AvahiFixture>();
    QString error;
    QVERIFY2(m_avahi->start(&error), qPrintable(error));
    m_bus = std::make_unique<QDBusConnection>(QDBusConnection::connectToBus(
        m_avahi->busAddress(),
        QStringLiteral("avahi-test-%1").arg(QString::fromLatin1(QTest::currentTestFunction()))));
    QVERIFY(m_bus->isConnected());
}

void TestAvahiPublisher::cleanup()
{
    if (m_bus)
        QDBusConnection::disconnectFromBus(m_bus->name());
    m_bus.reset();
    m_avahi.reset();
}

void TestAvahiPublisher::publishChangeUnpublish()
{
    AvahiPublisher publisher(*m_bus);
    QString error;
    QCOMPARE(publisher.readHeld(&error), std::optional<HostEntries>(HostEntries{}));
    PublishResult r = await(publisher, [&] {
        publisher.publish({{u"10.0.0.1"_qs, u"web.local"_qs, u"c/ns/Ingress/web"_qs},
                           {u"10.0.0.2"_qs, u"web.local"_qs, u"c/ns/Ingress/web"_qs},
                           {u"fd00::1"_qs, u"web.local"_qs, u"c/ns/Ingress/web"_qs},
                           {u"10.0.0.1"_qs, u"api.local"_qs, u"c/ns/Ingress/api"_qs},
                           {u"10.0.0.9"_qs, u"app.test"_qs, u"c/ns/Ingress/app"_qs}});
    });
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.held->size(), 4);
    QCOMPARE(r.refused.size(), 1);
    QVERIFY2(reasons(r).contains(u"app.test is not a .local name"), qPrintable(reasons(r)));
    QCOMPARE(m_avahi->lookup(u"web.local"_qs, u"A"_qs),
             (QStringList{u"10.0.0.1"_qs, u"10.0.0.2"_qs}));
    QCOMPARE(m_avahi->lookup(u"web.local"_qs, u"AAAA"_qs), QStringList{u"fd00::1"_qs});
    QCOMPARE(m_avahi->lookup(u"api.local"_qs, u"A"_qs), QStringList{u"10.0.0.1"_qs});

    r = await(publisher, [&] {
        publisher.publish(
            {{u"10.0.0.3"_qs, u"web.local"_qs, {}}, {u"10.0.0.1"_qs, u"api.local"_qs, {}}});
    });
    QVERIFY2(r.ok(), qPrintable(r.error));
    QTRY_COMPARE_WITH_TIMEOUT(m_avahi->lookup(u"web.local"_qs, u"A"_qs),
                              QStringList{u"10.0.0.3"_qs}, 10000);

    r = await(publisher, [&] { publisher.withdraw(); });
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.held, std::optional<HostEntries>(HostEntries{}));
    QTRY_VERIFY_WITH_TIMEOUT(m_avahi->lookup(u"web.local"_qs, u"A"_qs).isEmpty(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_avahi->lookup(u"api.local"_qs, u"A"_qs).isEmpty(), 10000);
}

void TestAvahiPublisher::collisionIsReportedNotRenamed()
{
    QString error;
    QVERIFY2(m_avahi->startNeighbour(&error), qPrintable(error));
    QVERIFY2(m_avahi->neighbourPublishes(u"taken.local"_qs, u"10.9.9.9"_qs, &error),
             qPrintable(error));
    AvahiPublisher publisher(*m_bus);
    const PublishResult r = await(publisher, [&] {
        publisher.publish(
            {{u"10.0.0.5"_qs, u"taken.local"_qs, {}}, {u"10.0.0.6"_qs, u"free.local"_qs, {}}});
    });
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(*r.held, (HostEntries{{u"10.0.0.6"_qs, u"free.local"_qs, {}}}));
    QVERIFY2(reasons(r).contains(u"already answers for taken.local"), qPrintable(reasons(r)));
    QCOMPARE(m_avahi->resolve(u"taken.local"_qs), u"10.9.9.9"_qs); // the neighbour's, still
    // Two daemons share port 5353 here, so ask by multicast, as another host would.
    QCOMPARE(m_avahi->resolve(u"free.local"_qs), u"10.0.0.6"_qs);
}

// Through an engine channel: when avahi-daemon goes, the names are said lost; when it comes
// back, they are published again without anyone asking.
void TestAvahiPublisher::daemonRestartPublishesAgain()
{
    auto *publisher = new AvahiPublisher(*m_bus);
    PublishChannel channel(publisher, SyncScheduler::Timing{10, 10, 200, 1000});
    const HostEntries entries = {{u"10.0.0.7"_qs, u"svc.local"_qs, {}}};
    channel.setDesired(entries);
    QTRY_COMPARE_WITH_TIMEOUT(channel.state().held, std::optional<HostEntries>(entries), 15000);
    QCOMPARE(m_avahi->lookup(u"svc.local"_qs, u"A"_qs), QStringList{u"10.0.0.7"_qs});

    m_avahi->stopDaemon();
    QTRY_VERIFY_WITH_TIMEOUT(channel.state().error.contains(u"avahi-daemon stopped"), 10000);
    QCOMPARE(channel.state().held, std::optional<HostEntries>(HostEntries{}));

    QString error;
    QVERIFY2(m_avahi->startDaemon(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(channel.state().held, std::optional<HostEntries>(entries), 30000);
    QVERIFY(channel.state().error.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_avahi->lookup(u"svc.local"_qs, u"A"_qs),
                              QStringList{u"10.0.0.7"_qs}, 10000);
}

QTEST_GUILESS_MAIN(TestAvahiPublisher)
#include "tst_avahipublisher.moc"
