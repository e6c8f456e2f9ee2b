#include "app/tray/mappingspanel.h"

#include "app/tray/mappingsfiltermodel.h"
#include "app/tray/mappingsmodel.h"
#include "core/hosts/ipaddress.h"
#include "core/sync/syncengine.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

MappingsPanel::MappingsPanel(SyncEngine *engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new MappingsModel(engine, this))
    , m_proxy(new MappingsFilterModel(this))
    , m_filter(new QLineEdit(this))
    , m_problemsOnly(new QCheckBox(QStringLiteral("&Problems only"), this))
    , m_view(new QTableView(this))
    , m_details(new QLabel(this))
    , m_fix(new QPushButton(this))
{
    m_proxy->setSourceModel(m_model);
    m_filter->setPlaceholderText(QStringLiteral("Filter hosts, addresses, namespaces, states"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(QStringLiteral("Filter hosts"));
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    m_problemsOnly->setToolTip(QStringLiteral("Show only hosts that are not written, and why"));
    connect(m_problemsOnly, &QCheckBox::toggled, m_proxy, &MappingsFilterModel::setProblemsOnly);

    m_view->setModel(m_proxy);
    m_view->setAccessibleName(QStringLiteral("Hosts"));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(MappingsModel::HostColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false); // Tab leaves the table, arrows move inside
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().lineSpacing() + 8);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    // Wide enough for typical values; the reason takes the rest (and the pane below).
    const QFontMetrics fm = m_view->fontMetrics();
    const int pad = fm.horizontalAdvance(u' ') * 4;
    const QList<std::pair<int, QString>> widths = {
        {MappingsModel::HostColumn, QStringLiteral("api.staging.internal")},
        {MappingsModel::AddressColumn, QStringLiteral("172.18.0.200")},
        {MappingsModel::ContextColumn, QStringLiteral("kind-dev")},
        {MappingsModel::NamespaceColumn, QStringLiteral("monitoring")},
        {MappingsModel::SourceColumn, QStringLiteral("Ingress storefront")},
        {MappingsModel::StateColumn, QStringLiteral("waiting for IP")}};
    for (const auto &[column, sample] : widths)
        header->resizeSection(column,
                              fm.horizontalAdvance(sample) + pad +
                                  (column == MappingsModel::StateColumn
                                       ? style()->pixelMetric(QStyle::PM_SmallIconSize) + pad / 2
                                       : 0));
    // The other publishers' column only when there are other publishers; the host column as
    // wide as the longest host (grown, never shrunk under the user's hands).
    const auto showElsewhere = [this] {
        m_view->setColumnHidden(MappingsModel::ElsewhereColumn, m_engine->channels().size() < 2);
    };
    showElsewhere();
    connect(m_engine, &SyncEngine::publishersChanged, this, showElsewhere);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MappingsPanel::fitHostColumn);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MappingsPanel::fitHostColumn);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MappingsPanel::updateDetails);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MappingsPanel::updateDetails);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MappingsPanel::updateDetails);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &MappingsPanel::updateDetails);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &MappingsPanel::updateDetails);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MappingsPanel::updateDetails);
    connect(m_filter, &QLineEdit::textChanged, this, &MappingsPanel::updateDetails);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        if (QMenu *menu = rowMenu(m_view->indexAt(at)))
            menu->popup(m_view->viewport()->mapToGlobal(at));
    });
    connect(m_view, &QAbstractItemView::activated, this, &MappingsPanel::openRow);
    connect(m_problemsOnly, &QCheckBox::toggled, this, &MappingsPanel::updateDetails);

    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_details->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_details->setMinimumHeight(m_details->fontMetrics().lineSpacing() * 2);
    m_fix->setVisible(false);
    connect(m_fix, &QPushButton::clicked, this, &MappingsPanel::confirmFix);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_filter, 1);
    filters->addWidget(m_problemsOnly);
    auto *details = new QHBoxLayout;
    details->addWidget(m_details, 1);
    details->addWidget(m_fix, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addLayout(details);
    updateDetails();
}

void MappingsPanel::setPolicyFixAvailable(bool available)
{
    m_fixAvailable = available;
    updateDetails();
}

void MappingsPanel::showFixResult(bool ok, const QString &message)
{
    m_fix->setEnabled(true);
    updateDetails();
    if (!ok)
        m_details->setText(message);
}

QString MappingsPanel::suggestDomain(const QString &host)
{
    // The registrable domain (api.dtk.io → dtk.io, x.y.github.io → y.github.io): never a
    // public suffix a cluster could then fill with any site's name.
    const QString domain = NamePolicy::registrableDomain(host);
    return domain.isEmpty() || NamePolicy::isPublicSuffix(domain) ? QString() : domain;
}

// The exact change, said before anyone is asked for a password: it holds for every
// cluster and every user of this machine.
void MappingsPanel::confirmFix()
{
    const Fix fix = m_pendingFix;
    const QString domain = m_fixDomain;
    auto *box = new QMessageBox(QMessageBox::Question, QStringLiteral("K8s Hosts"),
                                fix == Fix::Domain
                                    ? QStringLiteral("Allow host names under %1?").arg(domain)
                                    : QStringLiteral("Allow public addresses?"),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setInformativeText(
        fix == Fix::Domain
            ? QStringLiteral("Every cluster you sync could then point any name under %1 at an "
                             "address of its choice, for every user of this computer. An "
                             "administrator's password is needed.")
                  .arg(domain)
            : QStringLiteral("Every cluster you sync could then point its names at any address "
                             "on the internet, for every user of this computer. An "
                             "administrator's password is needed."));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, fix, domain](int result) {
        if (result != QMessageBox::Yes)
            return;
        if (fix == Fix::Domain)
            Q_EMIT allowDomainRequested(domain);
        else if (fix == Fix::PublicAddresses)
            Q_EMIT allowPublicAddressesRequested();
        m_fix->setEnabled(false); // until the helper answers
        m_details->setText(QStringLiteral("Waiting for the administrator password…"));
    });
    box->open();
}

MappingsPanel::Fix MappingsPanel::fixFor(const HostMapping &m, QString *domain) const
{
    if (m.state != MappingState::Blocked || !m_fixAvailable)
        return Fix::None;
    const NamePolicy &policy = m_engine->options().policy;
    if (!policy.refusalForHost(m.host).isEmpty()) {
        *domain = suggestDomain(m.host);
        return domain->isEmpty() ? Fix::None : Fix::Domain;
    }
    const auto ip = IpAddress::parse(m.address);
    if (ip && ip->scope() == AddressScope::Public && !policy.refusalForAddress(*ip).isEmpty())
        return Fix::PublicAddresses;
    return Fix::None;
}

void MappingsPanel::fitHostColumn()
{
    const QFontMetrics fm = m_view->fontMetrics();
    const int pad = fm.horizontalAdvance(u' ') * 4;
    int widest = 0;
    const int rows = std::min(m_model->rowCount(), 2000); // enough to see the long ones
    for (int row = 0; row < rows; ++row)
        widest = std::max(widest, fm.horizontalAdvance(m_model->mapping(row).host));
    const int cap = std::max(m_view->viewport()->width() * 2 / 5, fm.horizontalAdvance(u'x') * 30);
    const int wanted = std::min(widest + pad, cap);
    if (wanted > m_view->columnWidth(MappingsModel::HostColumn))
        m_view->setColumnWidth(MappingsModel::HostColumn, wanted);
}

bool MappingsPanel::servedWithTls(const HostMapping &m)
{
    return m.origin.contains(QLatin1String("tls"), Qt::CaseInsensitive) ||
           m.source.kind == u"TLSRoute";
}

QUrl MappingsPanel::urlOf(const HostMapping &m, bool https)
{
    QUrl url;
    url.setScheme(https ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(m.host);
    url.setPath(QStringLiteral("/"));
    return url;
}

QMenu *MappingsPanel::rowMenu(const QModelIndex &index)
{
    const QModelIndex source = m_proxy->mapToSource(index);
    if (!source.isValid())
        return nullptr;
    const HostMapping m = m_model->mapping(source.row());
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const bool wildcard = m.host.startsWith(u'*');
    menu->addAction(QStringLiteral("Copy &host"), this,
                    [m] { QGuiApplication::clipboard()->setText(m.host); });
    QAction *line = menu->addAction(QStringLiteral("Copy hosts-file &line"), this, [m] {
        QGuiApplication::clipboard()->setText(m.address + u' ' + m.host);
    });
    line->setEnabled(!m.address.isEmpty() && !wildcard);
    menu->addSeparator();
    for (const bool https : {false, true}) {
        QAction *open =
            menu->addAction(https ? QStringLiteral("Open http&s://%1").arg(m.host)
                                  : QStringLiteral("&Open http://%1").arg(m.host),
                            this, [m, https] { QDesktopServices::openUrl(urlOf(m, https)); });
        open->setEnabled(!wildcard); // no one address to open
    }
    return menu;
}

void MappingsPanel::openRow(const QModelIndex &index)
{
    const QModelIndex source = m_proxy->mapToSource(index);
    if (!source.isValid())
        return;
    const HostMapping &m = m_model->mapping(source.row());
    if (!m.host.startsWith(u'*'))
        QDesktopServices::openUrl(urlOf(m, servedWithTls(m)));
}

QString MappingsPanel::sentence(QString text)
{
    // A sentence starts with a capital; a first word that is a host name or an address
    // (it has a dot or a colon: web.local, 10.0.0.1, fd00::1) keeps its case.
    const QString first = text.section(u' ', 0, 0);
    if (!text.isEmpty() && !first.contains(u'.') && !first.contains(u':'))
        text[0] = text[0].toUpper();
    return text;
}

// What the pane under the table says when no row is selected: why the table is empty,
// if it is, or what selecting a row tells.
QString MappingsPanel::emptyText() const
{
    if (m_proxy->rowCount() > 0)
        return QStringLiteral("Select a host to see why it is or is not written.");
    if (!m_filter->text().isEmpty())
        return QStringLiteral("No host matches \"%1\".").arg(m_filter->text());
    if (m_problemsOnly->isChecked())
        return m_model->rowCount() > 0
                   ? QStringLiteral("No problems: every host the clusters serve is written.")
                   : QStringLiteral("No problems.");
    return QStringLiteral("No hosts yet: tick a cluster on the left, or wait for it to list.");
}

void MappingsPanel::updateDetails()
{
    const QModelIndex current = m_proxy->mapToSource(m_view->currentIndex());
    if (!current.isValid()) {
        m_details->setText(emptyText());
        m_fix->setVisible(false);
        m_pendingFix = Fix::None;
        return;
    }
    const HostMapping &m = m_model->mapping(current.row());
    QString text = QStringLiteral("%1 → %2  (%3)\n")
                       .arg(m.host, m.address.isEmpty() ? QStringLiteral("no address") : m.address,
                            m.source.toString());
    const QString reason = m_model->reason(current.row());
    if (m.state == MappingState::Active &&
        m_model->outcome(current.row()).state == EntryOutcome::State::Published) {
        text += QStringLiteral("Written to the hosts file.");
    } else {
        text += sentence(reason.isEmpty() ? describeMappingState(m.state) : reason);
    }
    m_details->setText(text);
    m_pendingFix = fixFor(m, &m_fixDomain);
    m_fix->setVisible(m_pendingFix != Fix::None);
    if (m_pendingFix == Fix::Domain)
        m_fix->setText(QStringLiteral("&Allow *.%1…").arg(m_fixDomain));
    else if (m_pendingFix == Fix::PublicAddresses)
        m_fix->setText(QStringLiteral("&Allow public addresses…"));
}
