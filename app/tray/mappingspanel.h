#pragma once

#include "core/mapping/hostmapping.h"

#include <QMessageBox>
#include <QWidget>

class MappingsFilterModel;
class MappingsModel;
class QCheckBox;
class QLabel;
class QMenu;
class QUrl;
class QLineEdit;
class QPushButton;
class QTableView;
class SyncEngine;

// The window's right side: every mapping as a sortable, filterable table, and under it the
// selected mapping's reason with the fix in place when there is one ("Allow *.dtk.io…" for
// a host the name policy blocks, "Allow public addresses…" for a public address).
class MappingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MappingsPanel(SyncEngine *engine, QWidget *parent = nullptr);

    MappingsModel *model() const { return m_model; }
    MappingsFilterModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QLineEdit *filter() const { return m_filter; }
    QCheckBox *problemsOnly() const { return m_problemsOnly; }
    QLabel *details() const { return m_details; }
    QPushButton *fixButton() const { return m_fix; }

    // Off where no helper can change the policy (then blocked hosts only explain).
    void setPolicyFixAvailable(bool available);
    // The domain to offer for a blocked host: its last two labels ("app.dtk.io" → dtk.io).
    static QString suggestDomain(const QString &host);
    // The confirmation before a fix (it names the exact domain); null when none is open.
    QMessageBox *confirmation() const { return findChild<QMessageBox *>(); }
    void showFixResult(bool ok, const QString &message);
    // A reason as the pane shows it: a capital first, unless it starts with a name.
    static QString sentence(QString text);
    // Everyday actions on a row (right-click): Copy host, Copy line, Open http://, Open
    // https://. Enter or a double-click opens the host, over https where it is served with
    // TLS (spec.tls hosts, TLSRoutes).
    QMenu *rowMenu(const QModelIndex &index);
    static QUrl urlOf(const HostMapping &m, bool https);
    static bool servedWithTls(const HostMapping &m);

Q_SIGNALS:
    void allowDomainRequested(const QString &domain);
    void allowPublicAddressesRequested();

private:
    enum class Fix
    {
        None,
        Domain,
        PublicAddresses
    };

    void updateDetails();
    QString emptyText() const;
    void openRow(const QModelIndex &index);
    void fitHostColumn();
    void confirmFix();
    Fix fixFor(const HostMapping &m, QString *domain) const;

    SyncEngine *m_engine;
    MappingsModel *m_model;
    MappingsFilterModel *m_proxy;
    QLineEdit *m_filter;
    QCheckBox *m_problemsOnly;
    QTableView *m_view;
    QLabel *m_details;
    QPushButton *m_fix;
    bool m_fixAvailable = true;
    Fix m_pendingFix = Fix::None;
    QString m_fixDomain;
};
