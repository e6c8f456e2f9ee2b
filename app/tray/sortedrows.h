#pragma once

#include <QList>

#include <functional>

// How a model announces row changes while sortedRows() edits its list.
struct RowNotifier
{
    std::function<void(int first, int last)> beginRemove;
    std::function<void()> endRemove;
    std::function<void(int first, int last)> beginInsert;
    std::function<void()> endInsert;
    std::function<void(int row)> changed;
};

// Turns rows into next, both sorted by key and without duplicate keys, with the fewest row
// removals and insertions (runs of them at once) and in-place changes, so views keep their
// selection, expansion and scroll position while the data underneath moves. Row numbers
// given to the notifier are offset by `offset` (rows the model shows before the list).
template <typename T, typename KeyOf>
void syncSortedRows(QList<T> &rows, const QList<T> &next, KeyOf keyOf, const RowNotifier &notify,
                    int offset = 0)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < rows.size() || j < next.size()) {
        if (j == next.size() || (i < rows.size() && keyOf(rows[i]) < keyOf(next[j]))) {
            qsizetype k = i;
            while (k < rows.size() && (j == next.size() || keyOf(rows[k]) < keyOf(next[j])))
                ++k;
            notify.beginRemove(int(offset + i), int(offset + k - 1));
            rows.remove(i, k - i);
            notify.endRemove();
            continue;
        }
        if (i == rows.size() || keyOf(next[j]) < keyOf(rows[i])) {
            qsizetype k = j;
            while (k < next.size() && (i == rows.size() || keyOf(next[k]) < keyOf(rows[i])))
                ++k;
            notify.beginInsert(int(offset + i), int(offset + i + (k - j) - 1));
            for (qsizetype n = j; n < k; ++n)
                rows.insert(i + (n - j), next[n]);
            notify.endInsert();
            i += k - j;
            j = k;
            continue;
        }
        if (!(rows[i] == next[j])) {
            rows[i] = next[j];
            notify.changed(int(offset + i));
        }
        ++i;
        ++j;
    }
}
