#include "helper/leasebook.h"

#include <QTest>

class TestLeaseBook : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anOwnerLosesItsLeasesWhenItLeaves();
    void theLastSetterHoldsTheLease();
    void releaseTellsWhenAnOwnerHoldsNothing();
    void otherOwnersAreUntouched();
};

void TestLeaseBook::anOwnerLosesItsLeasesWhenItLeaves()
{
    LeaseBook book;
    QCOMPARE(book.hold(QStringLiteral("B"), QStringLiteral(":1.5"), 1000), QString());
    QCOMPARE(book.hold(QStringLiteral("A"), QStringLiteral(":1.5"), 1000), QString());
    QVERIFY(book.holds(QStringLiteral(":1.5")));
    const QList<LeaseBook::Lease> ended = book.takeOwner(QStringLiteral(":1.5"));
    QCOMPARE(ended.size(), 2);
    QCOMPARE(ended.at(0).marker, QStringLiteral("A")); // sorted: the audit lines are stable
    QCOMPARE(ended.at(1).marker, QStringLiteral("B"));
    QCOMPARE(ended.at(0).uid, 1000u);
    QVERIFY(book.isEmpty());
    QVERIFY(book.takeOwner(QStringLiteral(":1.5")).isEmpty()); // a second goodbye is harmless
}

void TestLeaseBook::theLastSetterHoldsTheLease()
{
    LeaseBook book;
    book.hold(QStringLiteral("A"), QStringLiteral("first"), 501);
    // The first owner holds nothing more: the transport can stop watching it.
    QCOMPARE(book.hold(QStringLiteral("A"), QStringLiteral("second"), 502),
             QStringLiteral("first"));
    QVERIFY(book.takeOwner(QStringLiteral("first")).isEmpty());
    const QList<LeaseBook::Lease> ended = book.takeOwner(QStringLiteral("second"));
    QCOMPARE(ended.size(), 1);
    QCOMPARE(ended.constFirst().uid, 502u);
}

void TestLeaseBook::releaseTellsWhenAnOwnerHoldsNothing()
{
    LeaseBook book;
    book.hold(QStringLiteral("A"), QStringLiteral("app"), 501);
    book.hold(QStringLiteral("B"), QStringLiteral("app"), 501);
    QCOMPARE(book.release(QStringLiteral("A")), QString()); // still holds B
    QCOMPARE(book.release(QStringLiteral("B")), QStringLiteral("app"));
    QCOMPARE(book.release(QStringLiteral("B")), QString()); // nothing held any more
    QVERIFY(book.isEmpty());
    // Holding the same marker again for the same owner frees nobody.
    book.hold(QStringLiteral("A"), QStringLiteral("app"), 501);
    QCOMPARE(book.hold(QStringLiteral("A"), QStringLiteral("app"), 501), QString());
    QCOMPARE(book.size(), 1);
}

void TestLeaseBook::otherOwnersAreUntouched()
{
    LeaseBook book;
    book.hold(QStringLiteral("A"), QStringLiteral("one"), 501);
    book.hold(QStringLiteral("B"), QStringLiteral("two"), 502);
    QCOMPARE(book.takeOwner(QStringLiteral("one")).size(), 1);
    QVERIFY(book.holds(QStringLiteral("two")));
    QVERIFY(!book.holds(QStringLiteral("one")));
}

QTEST_GUILESS_MAIN(TestLeaseBook)
#include "tst_leasebook.moc"
