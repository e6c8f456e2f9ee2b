#include "core/install/helperstatus.h"

#include <QTest>

using State = HelperStatus::State;
using Registration = HelperStatus::Registration;

class TestHelperStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionsCompareNumerically_data();
    void versionsCompareNumerically();
    void assessment_data();
    void assessment();
};

void TestHelperStatus::versionsCompareNumerically_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("order"); // 2: not comparable
    QTest::newRow("equal") << QStringLiteral("1.2.0") << QStringLiteral("1.2.0") << 0;
    QTest::newRow("numeric, not text") << QStringLiteral("0.9.0") << QStringLiteral("0.10.0") << -1;
    QTest::newRow("newer") << QStringLiteral("2.0") << QStringLiteral("1.9.9") << 1;
    QTest::newRow("missing parts are zero")
        << QStringLiteral("1.2") << QStringLiteral("1.2.0") << 0;
    QTest::newRow("words") << QStringLiteral("1.2.0-beta") << QStringLiteral("1.2.0") << 2;
    QTest::newRow("empty") << QString() << QStringLiteral("1.2.0") << 2;
    QTest::newRow("four parts") << QStringLiteral("1.2.3.4") << QStringLiteral("1.2.3") << 2;
}

void TestHelperStatus::versionsCompareNumerically()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, order);
    const std::optional<int> result = HelperStatus::compareVersions(a, b);
    QCOMPARE(result.value_or(2), order);
}

void TestHelperStatus::assessment_data()
{
    QTest::addColumn<Registration>("registration");
    QTest::addColumn<QString>("running"); // "-": did not answer
    QTest::addColumn<State>("state");
    QTest::addColumn<QString>("says");
    QTest::newRow("not registered") << Registration::NotRegistered << QStringLiteral("-")
                                    << State::NotInstalled << QStringLiteral("Install helper");
    QTest::newRow("waits for approval") << Registration::RequiresApproval << QStringLiteral("-")
                                        << State::RequiresApproval << QStringLiteral("Login Items");
    QTest::newRow("plist missing") << Registration::NotFound << QStringLiteral("-") << State::Failed
                                   << QStringLiteral("install k8s-hosts again");
    QTest::newRow("silent") << Registration::Enabled << QStringLiteral("-") << State::NotResponding
                            << QStringLiteral("did not answer");
    QTest::newRow("same version") << Registration::Enabled << QStringLiteral("1.4.0")
                                  << State::Ready << QString();
    QTest::newRow("older helper") << Registration::Enabled << QStringLiteral("1.3.9")
                                  << State::NeedsUpgrade
                                  << QStringLiteral("1.3.9 and this app needs 1.4.0");
    QTest::newRow("newer helper") << Registration::Enabled << QStringLiteral("1.10.0")
                                  << State::NewerInstalled << QStringLiteral("newer than this app");
    QTest::newRow("unreadable version") << Registration::Enabled << QStringLiteral("x\ny")
                                        << State::NeedsUpgrade << QStringLiteral("unknown version");
}

void TestHelperStatus::assessment()
{
    QFETCH(Registration, registration);
    QFETCH(QString, running);
    QFETCH(State, state);
    QFETCH(QString, says);
    const std::optional<QString> answer =
        running == u"-" ? std::nullopt : std::optional<QString>(running);
    const HelperStatus status = HelperStatus::assess(registration, answer, QStringLiteral("1.4.0"));
    QCOMPARE(status.state, state);
    QCOMPARE(status.ready(), state == State::Ready);
    if (says.isEmpty())
        QVERIFY(status.message.isEmpty());
    else
        QVERIFY2(status.message.contains(says), qPrintable(status.message));
    if (answer && state != State::NotResponding)
        QCOMPARE(status.runningVersion, *answer);
}

QTEST_GUILESS_MAIN(TestHelperStatus)
#include "tst_helperstatus.moc"
