// syncSortedRows: random sorted lists turned into other random sorted lists. A shadow list
// replays the notifications (as a view would) and must end equal to the target; every
// notification must be in range at the moment it is sent, and unchanged rows never move.
#include "app/tray/sortedrows.h"

#include <QRandomGenerator>
#include <QTest>

namespace {

struct Item
{
    int key;
    int value;
    friend bool operator==(const Item &, const Item &) = default;
};

QList<Item> randomList(QRandomGenerator &random)
{
    QList<Item> items;
    for (int key = 0; key < 30; ++key) {
        if (random.bounded(2))
            items.append({key, int(random.bounded(3))});
    }
    return items;
}

} // namespace

class TestSortedRows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replayedNotificationsGiveTheTarget()
    {
        QRandomGenerator random(42);
        for (int round = 0; round < 2000; ++round) {
            QList<Item> rows = randomList(random);
            const QList<Item> next = randomList(random);
            const int offset = int(random.bounded(3));
            // The view's copy: `offset` fixed rows, then the list.
            QList<Item> shadow(offset, Item{-1, -1});
            shadow += rows;
            int pendingFirst = -1;
            int pendingLast = -1;
            bool removing = false;
            int changes = 0;
            RowNotifier notify;
            notify.beginRemove = [&](int first, int last) {
                QVERIFY(first >= offset && first <= last && last < shadow.size());
                pendingFirst = first;
                pendingLast = last;
                removing = true;
            };
            notify.endRemove = [&] {
                QVERIFY(removing);
                shadow.remove(pendingFirst, pendingLast - pendingFirst + 1);
                removing = false;
            };
            notify.beginInsert = [&](int first, int last) {
                QVERIFY(first >= offset && first <= shadow.size() && first <= last);
                pendingFirst = first;
                pendingLast = last;
            };
            notify.endInsert = [&] {
                // After the insertion the model's rows hold the new items: copy them.
                for (int row = pendingFirst; row <= pendingLast; ++row)
                    shadow.insert(row, rows[row - offset]);
            };
            notify.changed = [&](int row) {
                QVERIFY(row >= offset && row < shadow.size());
                QCOMPARE(shadow[row].key, rows[row - offset].key);
                shadow[row] = rows[row - offset];
                ++changes;
            };
            syncSortedRows(
                rows, next, [](const Item &i) { return i.key; }, notify, offset);
            QCOMPARE(rows, next);
            QCOMPARE(shadow.mid(offset), next);
            if (QTest::currentTestFailed())
                return;
        }
    }

    void keepsUnchangedRowsWithoutNotifications()
    {
        QList<QString> rows = {u"a"_qs, u"b"_qs, u"c"_qs};
        int notifications = 0;
        RowNotifier notify;
        notify.beginRemove = [&](int, int) {
            ++notifications;
        };
        notify.endRemove = [] {
        };
        notify.beginInsert = [&](int, int) {
            ++notifications;
        };
        notify.endInsert = [] {
        };
        notify.changed = [&](int) {
            ++notifications;
        };
        syncSortedRows(
            rows, rows, [](const QString &s) { return s; }, notify);
        QCOMPARE(notifications, 0);
        // A run of removals and a run of insertions are one notification each.
        syncSortedRows(
            rows, {u"a"_qs, u"d"_qs, u"e"_qs, u"f"_qs}, [](const QString &s) { return s; }, notify);
        QCOMPARE(notifications, 2);
    }
};

QTEST_GUILESS_MAIN(TestSortedRows)
#include "tst_sortedrows.moc"
