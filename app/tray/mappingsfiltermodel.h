#pragma once

#include <QSortFilterProxyModel>

// The mappings table's filter: text matched against every column (case-insensitive), and
// optionally only the mappings that are not written, with their reasons.
class MappingsFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit MappingsFilterModel(QObject *parent = nullptr);

    void setProblemsOnly(bool on);
    bool problemsOnly() const { return m_problemsOnly; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool m_problemsOnly = false;
};
