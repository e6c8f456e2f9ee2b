#include "app/tray/contextsmodel.h"

#include "app/tray/contextchoices.h"
#include "app/tray/contextstatus.h"
#include "app/tray/sortedrows.h"
#include "app/tray/statusicons.h"
#include "core/sync/contextconnection.h"
#include "core/sync/workspace.h"

#include <QFont>

ContextsModel::ContextsModel(ContextChoices *choices, QObject *parent)
    : QAbstractItemModel(parent)
    , m_choices(choices)
{
    Workspace *workspace = m_choices->workspace();
    connect(workspace, &Workspace::contextsChanged, this, &ContextsModel::refreshContexts);
    connect(workspace, &Workspace::choiceChanged, this, [this](const QString &context) {
        refreshContexts(); // an enabled context the kubeconfig lacks comes and goes here
        refreshContext(context);
    });
    connect(workspace, &Workspace::connectionChanged, this, [this](const QString &context) {
        if (Node *n = node(context)) {
            bindConnection(*n);
            refreshContext(context);
        }
    });
    connect(workspace->engine(), &SyncEngine::mappingsChanged, this, [this] {
        if (!m_nodes.empty())
            Q_EMIT dataChanged(index(0, StateColumn), index(int(m_nodes.size()) - 1, StateColumn));
    });
    refreshContexts();
}

ContextsModel::~ContextsModel() = default;

void ContextsModel::refreshContexts()
{
    const QStringList next = m_choices->contextNames();
    for (int i = int(m_nodes.size()) - 1; i >= 0; --i) {
        if (!next.contains(m_nodes[i]->name)) {
            beginRemoveRows({}, i, i);
            m_nodes.erase(m_nodes.begin() + i);
            endRemoveRows();
        }
    }
    // What is left is a subsequence of next (both sorted): insert the gaps in place.
    for (int j = 0; j < next.size(); ++j) {
        if (j < int(m_nodes.size()) && m_nodes[j]->name == next[j])
            continue;
        beginInsertRows({}, j, j);
        auto created = std::make_unique<Node>();
        created->name = next[j];
        m_nodes.insert(m_nodes.begin() + j, std::move(created));
        endInsertRows();
        bindConnection(*m_nodes[j]);
        refreshContext(next[j]);
    }
}

void ContextsModel::bindConnection(Node &n)
{
    if (n.connection) {
        n.connection->disconnect(this);
        n.connection->session()->disconnect(this);
    }
    n.connection = m_choices->workspace()->connection(n.name);
    if (!n.connection)
        return;
    const QString name = n.name;
    const auto refresh = [this, name] {
        refreshContext(name);
    };
    connect(n.connection, &ContextConnection::errorChanged, this, refresh);
    connect(n.connection->session(), &ContextSession::statusChanged, this, refresh);
    connect(n.connection->session(), &ContextSession::namespacesChanged, this, refresh);
}

void ContextsModel::refreshContext(const QString &context)
{
    Node *n = node(context);
    if (!n)
        return;
    syncChildren(*n);
    const QModelIndex parentIndex = index(rowOf(n), 0);
    Q_EMIT dataChanged(parentIndex, index(rowOf(n), StateColumn));
    if (n->hasChildren)
        Q_EMIT dataChanged(index(0, 0, parentIndex),
                           index(int(n->namespaces.size()), StateColumn, parentIndex));
}

QStringList ContextsModel::wantedNamespaces(const Node &n) const
{
    QStringList names = m_choices->workspace()->choice(n.name).namespaces.names;
    if (n.connection)
        names += n.connection->session()->namespaces();
    names.removeDuplicates();
    std::sort(names.begin(), names.end());
    return names;
}

void ContextsModel::syncChildren(Node &n)
{
    const bool want = m_choices->workspace()->isEnabled(n.name);
    const QModelIndex parentIndex = index(rowOf(&n), 0);
    if (!want) {
        if (n.hasChildren) {
            beginRemoveRows(parentIndex, 0, int(n.namespaces.size()));
            n.namespaces.clear();
            n.hasChildren = false;
            endRemoveRows();
        }
        return;
    }
    const QStringList next = wantedNamespaces(n);
    if (!n.hasChildren) {
        beginInsertRows(parentIndex, 0, int(next.size()));
        n.namespaces = next;
        n.hasChildren = true;
        endInsertRows();
        return;
    }
    RowNotifier notify;
    notify.beginRemove = [&](int first, int last) {
        beginRemoveRows(parentIndex, first, last);
    };
    notify.endRemove = [this] {
        endRemoveRows();
    };
    notify.beginInsert = [&](int first, int last) {
        beginInsertRows(parentIndex, first, last);
    };
    notify.endInsert = [this] {
        endInsertRows();
    };
    notify.changed = [](int) {
    };
    syncSortedRows(
        n.namespaces, next, [](const QString &s) { return s; }, notify, 1);
}

ContextsModel::Node *ContextsModel::node(const QString &context) const
{
    for (const auto &n : m_nodes) {
        if (n->name == context)
            return n.get();
    }
    return nullptr;
}

int ContextsModel::rowOf(const Node *n) const
{
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        if (m_nodes[i].get() == n)
            return int(i);
    }
    return -1;
}

QModelIndex ContextsModel::contextIndex(const QString &context) const
{
    const Node *n = node(context);
    return n ? index(rowOf(n), 0) : QModelIndex();
}

QModelIndex ContextsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, nullptr);
    return createIndex(row, column, m_nodes[size_t(parent.row())].get());
}

QModelIndex ContextsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    const auto *n = static_cast<const Node *>(child.internalPointer());
    return createIndex(rowOf(n), 0, nullptr);
}

int ContextsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_nodes.size());
    if (parent.internalPointer() || parent.column() != 0)
        return 0; // namespaces have no children
    const Node &n = *m_nodes[size_t(parent.row())];
    return n.hasChildren ? int(n.namespaces.size()) + 1 : 0;
}

int ContextsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ContextsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? QStringLiteral("Context") : QStringLiteral("State");
}

Qt::ItemFlags ContextsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == NameColumn)
        f |= Qt::ItemIsUserCheckable;
    if (index.internalPointer())
        f |= Qt::ItemNeverHasChildren;
    return f;
}

QVariant ContextsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (const auto *n = static_cast<const Node *>(index.internalPointer()))
        return childData(*n, index.row(), index.column(), role);
    return contextData(*m_nodes[size_t(index.row())], index.column(), role);
}

QVariant ContextsModel::contextData(const Node &n, int column, int role) const
{
    const Workspace &workspace = *m_choices->workspace();
    switch (role) {
    case ContextRole:
        return n.name;
    case NamespaceRole:
        return QString();
    case KindRole:
        return QVariant::fromValue(RowKind::Context);
    default:
        break;
    }
    if (column == NameColumn) {
        if (role == Qt::DisplayRole)
            return n.name;
        if (role == Qt::CheckStateRole)
            return workspace.isEnabled(n.name) ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::FontRole && n.name == workspace.currentContext()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
    }
    const ContextStatus status = ContextStatus::of(workspace, n.name);
    switch (role) {
    case Qt::DisplayRole:
        return status.text;
    case Qt::DecorationRole:
        return column == NameColumn ? StatusIcons::dot(status.kind) : QVariant();
    case Qt::ToolTipRole:
    case DetailRole:
        if (!status.detail.isEmpty())
            return status.detail;
        return role == DetailRole
                   ? QVariant(QString())
                   : QVariant(n.name == workspace.currentContext()
                                  ? QStringLiteral("The kubeconfig's current context")
                                  : QString());
    default:
        return {};
    }
}

QVariant ContextsModel::childData(const Node &n, int row, int column, int role) const
{
    const NamespaceSelection selection = m_choices->workspace()->choice(n.name).namespaces;
    const bool allRow = row == 0;
    const QString ns = allRow ? QString() : n.namespaces.value(row - 1);
    switch (role) {
    case ContextRole:
        return n.name;
    case NamespaceRole:
        return ns;
    case KindRole:
        return QVariant::fromValue(allRow ? RowKind::AllNamespaces : RowKind::Namespace);
    case DetailRole:
        return QString();
    default:
        break;
    }
    if (column == NameColumn) {
        if (role == Qt::DisplayRole)
            return allRow ? QStringLiteral("All namespaces") : ns;
        if (role == Qt::CheckStateRole) {
            if (!allRow)
                return selection.includes(ns) ? Qt::Checked : Qt::Unchecked;
            if (selection.all)
                return Qt::Checked;
            return selection.names.isEmpty() ? Qt::Unchecked : Qt::PartiallyChecked;
        }
        if (role == Qt::ToolTipRole && allRow)
            return QStringLiteral("Every namespace, including ones created later");
        if (role == Qt::FontRole && allRow) {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        return {};
    }
    if (role != Qt::DisplayRole || allRow || !n.connection)
        return {};
    const ContextSession *session = n.connection->session();
    if (session->status() == ContextSession::Status::Synced && !session->namespaces().contains(ns))
        return QStringLiteral("not in the cluster");
    return {};
}

bool ContextsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || !checkIndex(index, CheckIndexOption::IndexIsValid) ||
        index.column() != NameColumn)
        return false;
    const bool on = value.value<Qt::CheckState>() != Qt::Unchecked;
    const QString context = index.data(ContextRole).toString();
    switch (index.data(KindRole).value<RowKind>()) {
    case RowKind::Context:
        m_choices->setEnabled(context, on);
        break;
    case RowKind::AllNamespaces:
        // A view ticks a partial box to Checked: from some namespaces to all of them.
        m_choices->setAllNamespaces(context, value.value<Qt::CheckState>() == Qt::Checked);
        break;
    case RowKind::Namespace:
        m_choices->setNamespaceIncluded(context, index.data(NamespaceRole).toString(), on);
        break;
    }
    return true;
}
