#include "helper/resolverflush.h"

#include <QTemporaryDir>
#include <QTest>

class TestResolverFlush : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void systemFileChangedFlushesBoth();
    void nothingWithoutAChange();
    void nothingForOtherFiles();
};

void TestResolverFlush::systemFileChangedFlushesBoth()
{
    const QList<ResolverFlush::Command> expected{
        {QStringLiteral("/usr/bin/dscacheutil"), {QStringLiteral("-flushcache")}},
        {QStringLiteral("/usr/bin/killall"),
         {QStringLiteral("-HUP"), QStringLiteral("mDNSResponder")}},
    };
    QCOMPARE(ResolverFlush::afterWrite(true, QStringLiteral("/etc/hosts")), expected);
    // macOS's /etc is a link to /private/etc: either spelling is the system's file.
    QCOMPARE(ResolverFlush::afterWrite(true, QStringLiteral("/private/etc/hosts")), expected);
    QCOMPARE(ResolverFlush::afterWrite(true, QStringLiteral("/etc//hosts")), expected);
}

void TestResolverFlush::nothingWithoutAChange()
{
    QVERIFY(ResolverFlush::afterWrite(false, QStringLiteral("/etc/hosts")).isEmpty());
}

void TestResolverFlush::nothingForOtherFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(ResolverFlush::afterWrite(true, dir.filePath(QStringLiteral("hosts"))).isEmpty());
    QVERIFY(ResolverFlush::afterWrite(true, QStringLiteral("/etc/hosts.bak")).isEmpty());
    QVERIFY(ResolverFlush::afterWrite(true, QString()).isEmpty());
    QVERIFY(!ResolverFlush::isSystemHostsFile(QStringLiteral("/private/etc/hosts/x")));
}

QTEST_GUILESS_MAIN(TestResolverFlush)
#include "tst_resolverflush.moc"
