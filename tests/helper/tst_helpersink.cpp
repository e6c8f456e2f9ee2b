// HelperSink against the real helper, polkitd and a private system bus: what the app sees.
#include "core/sink/helpersink.h"
#include "tests/helper/helperfixture.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <unistd.h>

namespace {

const QByteArray original = "127.0.0.1 localhost\n";

QJsonObject sinkApply(const QString &marker, const QString &host, bool keep)
{
    return {{QStringLiteral("method"), QStringLiteral("sink-apply")},
            {QStringLiteral("marker"), marker},
            {QStringLiteral("entries"),
             QJsonArray{QJsonArray{QStringLiteral("10.0.0.1"), host, QString()}}},
            {QStringLiteral("keep"), keep}};
}

} // namespace

class TestHelperSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void appliesAndClearsThroughTheHelper();
    void notAuthorizedIsASentence();
    void refusedEntriesAreASentence();
    void blockFollowsTheSinksConnection();
    void answersInOrderAndNeverFromInsideTheCall();
    void missingHelperIsNotInstalled();

private:
    std::unique_ptr<HelperFixture> m_fixture;
};

void TestHelperSink::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("The helper tests start a system bus, polkitd and a root service, and install "
              "polkit files: run them as root (CI does).");
    m_fixture = std::make_unique<HelperFixture>();
    QString error;
    QVERIFY2(m_fixture->start(&error), qPrintable(error));
}

void TestHelperSink::init()
{
    m_fixture->writeHosts(original);
}

void TestHelperSink::cleanupTestCase()
{
    m_fixture.reset();
}

void TestHelperSink::appliesAndClearsThroughTheHelper()
{
    const QJsonObject applied =
        m_fixture->call(HelperFixture::userAccount(),
                        sinkApply(QStringLiteral("SINK"), QStringLiteral("sink.test"), true));
    QVERIFY2(applied.value(u"ok").toBool(), qPrintable(applied.value(u"message").toString()));
    QCOMPARE(m_fixture->readHosts(),
             original + "#### BEGIN SINK ####\n10.0.0.1 sink.test\n#### END SINK ####\n");
    const QJsonObject cleared = m_fixture->call(
        HelperFixture::userAccount(), {{QStringLiteral("method"), QStringLiteral("sink-clear")},
                                       {QStringLiteral("marker"), QStringLiteral("SINK")}});
    QVERIFY2(cleared.value(u"ok").toBool(), qPrintable(cleared.value(u"message").toString()));
    QCOMPARE(m_fixture->readHosts(), original);
}

void TestHelperSink::notAuthorizedIsASentence()
{
    const QJsonObject answer =
        m_fixture->call(HelperFixture::otherAccount(),
                        sinkApply(QStringLiteral("SINK"), QStringLiteral("sink.test"), true));
    QCOMPARE(answer.value(u"failure").toString(), QStringLiteral("NotAuthorized"));
    QVERIFY2(answer.value(u"message")
                 .toString()
                 .startsWith(
                     u"Not allowed to change the hosts file: an administrator password is needed"),
             qPrintable(answer.value(u"message").toString()));
    QCOMPARE(m_fixture->readHosts(), original);
}

void TestHelperSink::refusedEntriesAreASentence()
{
    const QJsonObject answer =
        m_fixture->call(HelperFixture::userAccount(),
                        sinkApply(QStringLiteral("SINK"), QStringLiteral("bad host.test"), true));
    QCOMPARE(answer.value(u"failure").toString(), QStringLiteral("InvalidEntries"));
    QVERIFY2(answer.value(u"message")
                 .toString()
                 .startsWith(
                     u"The helper refused the entries and wrote nothing: entry 1 of 1: host name"),
             qPrintable(answer.value(u"message").toString()));
    QCOMPARE(m_fixture->readHosts(), original);
}

void TestHelperSink::blockFollowsTheSinksConnection()
{
    QJsonObject answer;
    auto app = m_fixture->startStaying(
        HelperFixture::userAccount(),
        sinkApply(QStringLiteral("SINK"), QStringLiteral("lease.test"), false), &answer);
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"message").toString()));
    QVERIFY(m_fixture->readHosts().contains("10.0.0.1 lease.test\n"));
    QVERIFY(m_fixture->killAndSettle(app.get(), answer.value(u"uniqueName").toString()));
    QCOMPARE(m_fixture->readHosts(), original);
}

void TestHelperSink::answersInOrderAndNeverFromInsideTheCall()
{
    // As root in this process: polkit is not asked for uid 0.
    HelperSink sink(m_fixture->bus());
    QSignalSpy finished(&sink, &HostsSink::finished);
    sink.apply(QStringLiteral("SINK-A"),
               {{QStringLiteral("10.0.0.1"), QStringLiteral("a.test"), {}}});
    sink.apply(QStringLiteral("SINK-B"),
               {{QStringLiteral("10.0.0.2"), QStringLiteral("b.test"), {}}});
    sink.clear(QStringLiteral("SINK-A"));
    QCOMPARE(finished.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 20000);
    const auto report = [&](int i) {
        return finished.at(i).at(0).value<SinkReport>();
    };
    QCOMPARE(report(0).marker, QStringLiteral("SINK-A"));
    QCOMPARE(report(0).operation, SinkReport::Operation::Apply);
    QCOMPARE(report(1).marker, QStringLiteral("SINK-B"));
    QCOMPARE(report(2).operation, SinkReport::Operation::Clear);
    for (int i = 0; i < 3; ++i)
        QVERIFY2(report(i).ok(), qPrintable(report(i).error));
    QCOMPARE(report(1).current,
             HostEntries({{QStringLiteral("10.0.0.2"), QStringLiteral("b.test"), {}}}));
    QCOMPARE(m_fixture->readHosts(),
             original + "#### BEGIN SINK-B ####\n10.0.0.2 b.test\n#### END SINK-B ####\n");
    sink.clear(QStringLiteral("SINK-B"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 4, 20000);
    QCOMPARE(m_fixture->readHosts(), original);
}

void TestHelperSink::missingHelperIsNotInstalled()
{
    m_fixture->stopHelper();
    HelperSink sink(m_fixture->bus());
    QSignalSpy finished(&sink, &HostsSink::finished);
    sink.apply(QStringLiteral("SINK"),
               {{QStringLiteral("10.0.0.1"), QStringLiteral("a.test"), {}}});
    QVERIFY(finished.wait(20000));
    const auto report = finished.at(0).at(0).value<SinkReport>();
    QCOMPARE(report.failure, SinkReport::Failure::NotInstalled);
    QVERIFY2(report.error.startsWith(u"The k8s-hosts helper is not installed"),
             qPrintable(report.error));
    QString error;
    QVERIFY2(m_fixture->startHelper(&error), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestHelperSink)
#include "tst_helpersink.moc"
