#pragma once

#include <QAbstractItemModel>
#include <QPointer>

#include <memory>
#include <vector>

class ContextChoices;
class ContextConnection;

// The kubeconfig's contexts as a tree: each context (checkable: enabled) with, once it is
// enabled and connected, "All namespaces" and the cluster's namespaces as checkable
// children. Column 1 is the state. A view over ContextChoices and the Workspace: ticking a
// box changes what is synced; changes from elsewhere (the tray menu) show up here.
class ContextsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        StateColumn,
        ColumnCount
    };
    enum Role
    {
        ContextRole = Qt::UserRole + 1, // the context's name, on every row
        NamespaceRole,                  // the namespace (empty on context and "All" rows)
        KindRole,                       // RowKind
        DetailRole,                     // the error sentence, if any
    };
    enum class RowKind
    {
        Context,
        AllNamespaces,
        Namespace
    };
    Q_ENUM(RowKind)

    explicit ContextsModel(ContextChoices *choices, QObject *parent = nullptr);
    ~ContextsModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    QModelIndex contextIndex(const QString &context) const;

private:
    struct Node
    {
        QString name;
        QStringList namespaces; // children after "All namespaces"; empty while disabled
        bool hasChildren = false;
        QPointer<ContextConnection> connection;
        friend bool operator==(const Node &a, const Node &b) { return a.name == b.name; }
    };

    void refreshContexts();
    void refreshContext(const QString &context);
    void bindConnection(Node &node);
    Node *node(const QString &context) const;
    int rowOf(const Node *node) const;
    QStringList wantedNamespaces(const Node &node) const;
    void syncChildren(Node &node);
    QVariant contextData(const Node &node, int column, int role) const;
    QVariant childData(const Node &node, int row, int column, int role) const;

    ContextChoices *m_choices;
    std::vector<std::unique_ptr<Node>> m_nodes;
};
