#include "core/sink/flatentries.h"
#include "core/sink/helperprotocol.h"

#include <QTest>

class TestFlatEntries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void malformedArraysAreRefused_data();
    void malformedArraysAreRefused();
    void oversizedArraysAreNotRead();
};

void TestFlatEntries::roundTrip()
{
    const HostEntries entries{
        {QStringLiteral("10.0.0.1"), QStringLiteral("a.test"), {}},
        {QStringLiteral("fd00::1"), QStringLiteral("b.test"), QStringLiteral("ns/ingress")}};
    const QStringList fields = FlatEntries::encode(entries);
    QCOMPARE(fields.size(), 6);
    QCOMPARE(fields.at(3), QStringLiteral("fd00::1"));
    const FlatEntries::Decoded decoded = FlatEntries::decode(fields.size(), fields);
    QVERIFY(decoded.ok());
    QVERIFY(!decoded.overflow);
    QCOMPARE(decoded.entries, entries);
    QVERIFY(FlatEntries::decode(0, {}).ok()); // an empty block is a valid request
}

void TestFlatEntries::malformedArraysAreRefused_data()
{
    QTest::addColumn<qsizetype>("count");
    QTest::addColumn<QStringList>("fields");
    const QStringList four{QStringLiteral("10.0.0.1"), QStringLiteral("a.test"), QString(),
                           QStringLiteral("10.0.0.2")};
    QTest::newRow("not triples") << qsizetype(4) << four;
    QTest::newRow("count larger than the fields") << qsizetype(6) << four.mid(0, 3);
    QTest::newRow("count smaller than the fields") << qsizetype(3) << four;
}

void TestFlatEntries::malformedArraysAreRefused()
{
    QFETCH(qsizetype, count);
    QFETCH(QStringList, fields);
    const FlatEntries::Decoded decoded = FlatEntries::decode(count, fields);
    QVERIFY(!decoded.ok());
    QVERIFY(decoded.entries.isEmpty());
    QVERIFY2(decoded.error.contains(u"nothing was written"), qPrintable(decoded.error));
}

void TestFlatEntries::oversizedArraysAreNotRead()
{
    QCOMPARE(FlatEntries::maxFields(), qsizetype(HelperProtocol::maxEntries) * 3);
    const FlatEntries::Decoded atLimit =
        FlatEntries::decode(FlatEntries::maxFields() + 1, QStringList());
    QVERIFY(atLimit.overflow);
    QVERIFY(atLimit.entries.isEmpty());
}

QTEST_GUILESS_MAIN(TestFlatEntries)
#include "tst_flatentries.moc"
