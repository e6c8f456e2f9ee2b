#include "app/tray/mappingsfiltermodel.h"

#include "app/tray/mappingsmodel.h"

MappingsFilterModel::MappingsFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
    setSortRole(MappingsModel::SortRole);
    setDynamicSortFilter(true);
}

void MappingsFilterModel::setProblemsOnly(bool on)
{
    if (on == m_problemsOnly)
        return;
    m_problemsOnly = on;
    invalidateRowsFilter();
}

bool MappingsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_problemsOnly) {
        const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
        if (!i.data(MappingsModel::ProblemRole).toBool())
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}
