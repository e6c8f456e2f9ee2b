// The helpers' command line, shared by the D-Bus and the XPC helper.
#include "helper/helpercommandline.h"

#include <QTest>

class TestHelperCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults();
    void values();
    void outOfRange_data();
    void outOfRange();
};

void TestHelperCommandLine::defaults()
{
    QString error;
    const auto line = HelperCommandLine::parse({u"helper"_qs}, {}, u"/var/db/k8s-hosts"_qs, &error);
    QVERIFY2(line, qPrintable(error));
    QCOMPARE(line->hostsFile, u"/etc/hosts"_qs);
    QCOMPARE(line->policyFile, u"/etc/k8s-hosts/policy.conf"_qs);
    QCOMPARE(line->stateDir, u"/var/db/k8s-hosts"_qs);
    QCOMPARE(line->writeIntervalMs, 1000);
    QCOMPARE(line->idleTimeoutMs, 30000);
}

void TestHelperCommandLine::values()
{
    QString error;
    const auto line = HelperCommandLine::parse(
        {u"helper"_qs, u"--hosts-file"_qs, u"/tmp/h"_qs, u"--policy-file"_qs, u"/tmp/p"_qs,
         u"--state-dir"_qs, u"/tmp/s"_qs, u"--write-interval"_qs, u"0"_qs, u"--idle-timeout"_qs,
         u"0"_qs},
        {}, u"/var/lib/k8s-hosts"_qs, &error);
    QVERIFY2(line, qPrintable(error));
    QCOMPARE(line->hostsFile, u"/tmp/h"_qs);
    QCOMPARE(line->policyFile, u"/tmp/p"_qs);
    QCOMPARE(line->stateDir, u"/tmp/s"_qs);
    QCOMPARE(line->writeIntervalMs, 0);
    QCOMPARE(line->idleTimeoutMs, 0);
}

void TestHelperCommandLine::outOfRange_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("idle not a number")
        << QStringList{u"--idle-timeout"_qs, u"soon"_qs} << u"--idle-timeout"_qs;
    QTest::newRow("idle over a day")
        << QStringList{u"--idle-timeout"_qs, u"86401"_qs} << u"--idle-timeout"_qs;
    QTest::newRow("negative interval")
        << QStringList{u"--write-interval"_qs, u"-1"_qs} << u"--write-interval"_qs;
    QTest::newRow("interval over a minute")
        << QStringList{u"--write-interval"_qs, u"60001"_qs} << u"--write-interval"_qs;
}

void TestHelperCommandLine::outOfRange()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    QString message;
    QVERIFY(!HelperCommandLine::parse(QStringList{u"helper"_qs} + arguments, {}, {}, &message));
    QVERIFY2(message.startsWith(error), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestHelperCommandLine)
#include "tst_helpercommandline.moc"
