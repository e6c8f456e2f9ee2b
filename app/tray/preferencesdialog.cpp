#include "app/tray/preferencesdialog.h"

#include "app/tray/publishingbox.h"
#include "app/tray/screenfit.h"
#include "core/hosts/hostsblock.h"
#include "core/sync/publishersetup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>

PreferencesDialog::PreferencesDialog(const TrayPreferences &current, bool startAtLoginSupported,
                                     QWidget *parent)
    : QDialog(parent)
    , m_marker(new QLineEdit(current.marker, this))
    , m_markerNote(new QLabel(this))
    , m_keep(new QCheckBox(QStringLiteral("&Keep entries in the hosts file after quitting"), this))
    , m_notifications(new QComboBox(this))
    , m_startAtLogin(new QCheckBox(QStringLiteral("&Start K8s Hosts at login"), this))
    , m_publishing(new PublishingBox(current, PublisherSetup::hasMdns(), this))
    , m_publishingNote(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_initialMarker(current.marker)
{
    setWindowTitle(QStringLiteral("K8s Hosts Preferences"));
    auto *sources = new QGroupBox(QStringLiteral("Sync hosts from"), this);
    auto *sourcesLayout = new QVBoxLayout(sources);
    const QList<std::pair<Source, QString>> labels = {
        {Source::Ingress, QStringLiteral("&Ingresses (rules, TLS hosts, ExternalDNS hostname)")},
        {Source::HttpRoute, QStringLiteral("Gateway API &HTTPRoutes")},
        {Source::GrpcRoute, QStringLiteral("Gateway API &GRPCRoutes")},
        {Source::TlsRoute, QStringLiteral("Gateway API &TLSRoutes")},
        {Source::Service, QStringLiteral("&LoadBalancer Services (ExternalDNS hostname)")},
    };
    for (const auto &[source, label] : labels) {
        auto *box = new QCheckBox(label, sources);
        box->setChecked(current.sources & source);
        sourcesLayout->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &PreferencesDialog::validate);
        m_sources.append({source, box});
    }

    m_marker->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Z0-9-]{1,64}")), m_marker));
    m_marker->setToolTip(QStringLiteral("The name in our block's BEGIN and END lines; "
                                        "k8s-hosts-controller uses K8S-HOSTS too"));
    m_markerNote->setWordWrap(true);
    auto *block = new QGroupBox(QStringLiteral("Hosts file"), this);
    auto *form = new QFormLayout(block);
    form->addRow(QStringLiteral("Block &marker:"), m_marker);
    form->addRow(QString(), m_markerNote);
    form->addRow(QString(), m_keep);
    m_keep->setChecked(current.keepEntriesAfterQuit);
    m_keep->setToolTip(QStringLiteral("Off: quitting removes our block, so nothing stale stays"));

    m_notifications->addItem(QStringLiteral("Problems only"), int(NotificationLevel::Problems));
    m_notifications->addItem(QStringLiteral("Problems, and hosts added or moved"),
                             int(NotificationLevel::Everything));
    m_notifications->addItem(QStringLiteral("Nothing"), int(NotificationLevel::Off));
    m_notifications->setCurrentIndex(m_notifications->findData(int(current.notifications)));
    m_notifications->setToolTip(QStringLiteral("Problems: a host no longer written, a cluster "
                                               "failing, the helper gone. Never while the menu "
                                               "or this window is open."));
    m_startAtLogin->setChecked(current.startAtLogin);
    m_startAtLogin->setVisible(startAtLoginSupported);
    auto *general = new QGroupBox(QStringLiteral("General"), this);
    auto *generalLayout = new QVBoxLayout(general);
    auto *notifyRow = new QFormLayout;
    notifyRow->addRow(QStringLiteral("&Notify me of:"), m_notifications);
    generalLayout->addLayout(notifyRow);
    generalLayout->addWidget(m_startAtLogin);

    m_publishingNote->setWordWrap(true);
    m_publishing->layout()->addWidget(m_publishingNote);
    connect(m_publishing, &PublishingBox::changed, this, &PreferencesDialog::validate);
    connect(m_marker, &QLineEdit::textChanged, this, &PreferencesDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // The choices scroll when the screen is too small for them (2× on a laptop); the
    // buttons stay in view.
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(sources);
    contentLayout->addWidget(block);
    contentLayout->addWidget(m_publishing);
    contentLayout->addWidget(general);
    contentLayout->addStretch(1);
    m_scroll = new QScrollArea(this);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(m_buttons);
    validate();
    // As tall as the choices need, as the screen allows.
    const QSize wanted =
        content->sizeHint() + QSize(m_scroll->verticalScrollBar()->sizeHint().width(), 0);
    m_scroll->setMinimumWidth(wanted.width());
    resize(wanted + QSize(layout->contentsMargins().left() + layout->contentsMargins().right(),
                          layout->contentsMargins().top() + layout->contentsMargins().bottom() +
                              layout->spacing() + m_buttons->sizeHint().height()));
}

void PreferencesDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    fitWithinScreen(this);
}

QCheckBox *PreferencesDialog::sourceBox(Source source) const
{
    for (const auto &[s, box] : m_sources) {
        if (s == source)
            return box;
    }
    return nullptr;
}

TrayPreferences PreferencesDialog::preferences() const
{
    TrayPreferences p;
    p.sources = {};
    for (const auto &[source, box] : m_sources) {
        if (box->isChecked())
            p.sources |= source;
    }
    p.marker = m_marker->text();
    p.keepEntriesAfterQuit = m_keep->isChecked();
    p.notifications = NotificationLevel(m_notifications->currentData().toInt());
    p.startAtLogin = m_startAtLogin->isChecked();
    m_publishing->fill(&p);
    return p;
}

void PreferencesDialog::validate()
{
    const bool markerOk = HostsBlock::isValidMarker(m_marker->text());
    const bool sourcesOk = std::any_of(m_sources.cbegin(), m_sources.cend(),
                                       [](const auto &s) { return s.second->isChecked(); });
    if (!markerOk)
        m_markerNote->setText(QStringLiteral("1 to 64 of A–Z, 0–9 and '-'."));
    else if (m_marker->text() != m_initialMarker)
        m_markerNote->setText(QStringLiteral("Takes effect at the next start; the block under "
                                             "%1 is removed when K8s Hosts quits.")
                                  .arg(m_initialMarker));
    else
        m_markerNote->setText(
            QStringLiteral("#### BEGIN %1 #### … #### END %1 ####").arg(m_marker->text()));
    const QString publishing = m_publishing->problem();
    m_publishingNote->setText(publishing);
    m_publishingNote->setVisible(!publishing.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(markerOk && sourcesOk && publishing.isEmpty());
}
