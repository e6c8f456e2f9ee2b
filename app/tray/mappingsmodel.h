#pragma once

#include "core/mapping/hostmapping.h"
#include "core/sync/publisherstate.h"

#include <QAbstractTableModel>

class SyncEngine;

// Every mapping the enabled contexts produce, as a table: host, address, context,
// namespace, source, state and, for anything not in the hosts file, the reason. A mapping
// the engine would write shows what the hosts file's publisher reported for it — written,
// waiting, not written and why, and the address the file holds instead — never what was
// wished. Follows the engine row by row (no resets), so selection and scrolling survive a
// busy cluster.
class MappingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        HostColumn,
        AddressColumn,
        ContextColumn,
        NamespaceColumn,
        SourceColumn,
        StateColumn,
        ElsewhereColumn, // the other publishers that hold it (DNS zone, mDNS, local resolver)
        ReasonColumn,    // last: it takes the room that is left
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // addresses sort numerically
        StateRole,                   // MappingState as int
        HostRole,
        AddressRole,
        ReasonRole,
        ProblemRole, // bool: not written, for any reason but "on its way"
    };

    explicit MappingsModel(SyncEngine *engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const HostMapping &mapping(int row) const { return m_rows.at(row).mapping; }
    // What the hosts file's publisher did with an active mapping (Published otherwise).
    const EntryOutcome &outcome(int row) const { return m_rows.at(row).outcome; }
    QString stateText(int row) const;
    QString reason(int row) const; // a sentence, empty for a host that is written
    // The other publishers that report holding this mapping, by name.
    const QStringList &elsewhere(int row) const { return m_rows.at(row).elsewhere; }
    bool isProblem(int row) const;
    QColor stateColor(int row) const;

private:
    void refresh();

    struct Row
    {
        QString key; // host, source and which of its addresses: stable while data changes
        HostMapping mapping;
        QString addressKey; // sorts addresses numerically
        EntryOutcome outcome;
        QStringList elsewhere; // the other publishers that report holding it
        friend bool operator==(const Row &, const Row &) = default;
    };

    SyncEngine *m_engine;
    QList<Row> m_rows;
};
