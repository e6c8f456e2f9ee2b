#pragma once

#include <QHash>
#include <QWidget>

class ContextChoices;
class ContextsModel;
class QLabel;
class QMenu;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;
class TokenSaver;

// The window's left side: the contexts as a tree with namespace checkboxes, a filter box,
// the selected context's state or error, and "Add token…" for contexts without credentials.
class ContextsPanel : public QWidget
{
    Q_OBJECT
public:
    ContextsPanel(ContextChoices *choices, TokenSaver *tokens, QWidget *parent = nullptr);

    ContextsModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *view() const { return m_view; }
    QLineEdit *filter() const { return m_filter; }
    QPushButton *addTokenButton() const { return m_addToken; }
    QLabel *details() const { return m_details; }
    QString selectedContext() const;

    void askForToken(); // for the selected context; non-blocking dialog
    // Right-click on a context: Sync this context, Address override…, Copy server URL.
    QMenu *contextMenuFor(const QString &context);
    void askForAddressOverride(const QString &context); // non-blocking dialog

private:
    void updateDetails();

    ContextChoices *m_choices;
    TokenSaver *m_tokens;
    ContextsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTreeView *m_view;
    QLabel *m_details;
    QPushButton *m_addToken;
    QHash<QString, QString> m_notices; // what "Add token…" said last, per context
};
