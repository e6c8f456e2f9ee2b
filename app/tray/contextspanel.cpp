#include "app/tray/contextspanel.h"

#include "app/tray/contextchoices.h"
#include "app/tray/contextsmodel.h"
#include "app/tray/tokensaver.h"
#include "core/hosts/ipaddress.h"
#include "core/sync/workspace.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

ContextsPanel::ContextsPanel(ContextChoices *choices, TokenSaver *tokens, QWidget *parent)
    : QWidget(parent)
    , m_choices(choices)
    , m_tokens(tokens)
    , m_model(new ContextsModel(choices, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTreeView(this))
    , m_details(new QLabel(this))
    , m_addToken(new QPushButton(QStringLiteral("Add &token…"), this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(ContextsModel::NameColumn);

    m_filter->setPlaceholderText(QStringLiteral("Filter contexts and namespaces"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(QStringLiteral("Filter contexts"));
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        if (!text.isEmpty())
            m_view->expandAll();
    });

    m_view->setModel(m_proxy);
    m_view->setAccessibleName(QStringLiteral("Contexts"));
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(ContextsModel::NameColumn,
                                           QHeaderView::ResizeToContents);
    m_view->expandAll();
    // New namespaces of an enabled context show up expanded, as the first ones did.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int last) {
                if (!parent.isValid()) {
                    for (int row = first; row <= last; ++row)
                        m_view->expand(m_proxy->index(row, 0));
                } else {
                    m_view->expand(parent);
                }
            });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ContextsPanel::updateDetails);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ContextsPanel::updateDetails);

    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_details->setMinimumHeight(m_details->fontMetrics().lineSpacing() * 3);
    m_details->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    m_addToken->setToolTip(QStringLiteral(
        "Give a context without credentials a bearer token, kept in the system keychain"));
    connect(m_addToken, &QPushButton::clicked, this, &ContextsPanel::askForToken);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = m_view->indexAt(at);
        if (index.isValid() &&
            index.data(ContextsModel::KindRole).value<ContextsModel::RowKind>() ==
                ContextsModel::RowKind::Context)
            contextMenuFor(index.data(ContextsModel::ContextRole).toString())
                ->popup(m_view->viewport()->mapToGlobal(at));
    });
    connect(m_tokens, &TokenSaver::finished, this,
            [this](const QString &context, bool, const QString &message) {
                m_notices.insert(context, message);
                updateDetails();
            });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_details);
    layout->addWidget(m_addToken, 0, Qt::AlignLeft);
    updateDetails();
}

QString ContextsPanel::selectedContext() const
{
    return m_view->currentIndex().data(ContextsModel::ContextRole).toString();
}

void ContextsPanel::updateDetails()
{
    const QString context = selectedContext();
    bool needsToken = false;
    for (const ContextConfig &c : m_choices->workspace()->contexts()) {
        if (c.name == context)
            needsToken = TokenSaver::needsToken(c);
    }
    m_addToken->setEnabled(needsToken);
    if (context.isEmpty()) {
        m_details->setText(QStringLiteral("Tick a context to sync it; tick namespaces to choose "
                                          "which of its hosts are written."));
        return;
    }
    const QModelIndex index = m_model->contextIndex(context);
    const QString detail = index.data(ContextsModel::DetailRole).toString();
    QString text =
        detail.isEmpty()
            ? context + QStringLiteral(": ") +
                  m_model->index(index.row(), ContextsModel::StateColumn).data().toString()
            : detail;
    if (needsToken)
        text += QStringLiteral("\nThis context has no credentials in the kubeconfig; "
                               "add a token if its API server needs one.");
    if (m_notices.contains(context))
        text += u'\n' + m_notices.value(context);
    m_details->setText(text);
}

QMenu *ContextsPanel::contextMenuFor(const QString &context)
{
    const QList<ContextConfig> contexts = m_choices->workspace()->contexts();
    const auto config =
        std::find_if(contexts.cbegin(), contexts.cend(),
                     [&context](const ContextConfig &c) { return c.name == context; });
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QAction *sync = menu->addAction(QStringLiteral("&Sync this context"));
    sync->setCheckable(true);
    sync->setChecked(m_choices->workspace()->isEnabled(context));
    connect(sync, &QAction::toggled, this,
            [this, context](bool on) { m_choices->setEnabled(context, on); });
    const QString current = m_choices->addressOverride(context);
    menu->addAction(current.isEmpty() ? QStringLiteral("&Address override…")
                                      : QStringLiteral("&Address override (%1)…").arg(current),
                    this, [this, context] { askForAddressOverride(context); });
    const QUrl server = config != contexts.cend() ? config->cluster.serverUrl : QUrl();
    QAction *copy = menu->addAction(QStringLiteral("&Copy server URL"), this, [server] {
        QGuiApplication::clipboard()->setText(server.toString());
    });
    copy->setEnabled(server.isValid());
    return menu;
}

void ContextsPanel::askForAddressOverride(const QString &context)
{
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(QStringLiteral("Address override — %1").arg(context));
    dialog->setLabelText(QStringLiteral("Map every host of %1 to this address instead of the one "
                                        "its load balancers report (minikube's Docker driver: "
                                        "127.0.0.1).\nLeave empty to use the reported addresses.")
                             .arg(context));
    dialog->setTextValue(m_choices->addressOverride(context));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, context](const QString &text) {
        const QString address = text.trimmed();
        if (!address.isEmpty() && !IpAddress::parse(address)) {
            m_notices.insert(context, QStringLiteral("%1 is not an IP address; the override was "
                                                     "not changed.")
                                          .arg(address));
            updateDetails();
            return;
        }
        m_notices.remove(context);
        m_choices->setAddressOverride(context, address);
        updateDetails();
    });
    dialog->open();
}

void ContextsPanel::askForToken()
{
    const QString context = selectedContext();
    if (context.isEmpty())
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(QStringLiteral("Add token — %1").arg(context));
    dialog->setLabelText(
        QStringLiteral("Bearer token for %1.\nIt is kept in the system keychain, never in a file.")
            .arg(context));
    dialog->setTextEchoMode(QLineEdit::Password);
    dialog->setOkButtonText(QStringLiteral("Save token"));
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, context](const QString &token) { m_tokens->save(context, token.toUtf8()); });
    dialog->open(); // window-modal, no nested event loop
}
