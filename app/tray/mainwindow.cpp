#include "app/tray/mainwindow.h"

#include "app/tray/contextchoices.h"
#include "app/tray/contextspanel.h"
#include "app/tray/helperactions.h"
#include "app/tray/helpersetuppanel.h"
#include "app/tray/mappingspanel.h"
#include "app/tray/problemsbanner.h"
#include "app/tray/screenfit.h"
#include "app/tray/statusicons.h"
#include "app/tray/syncstatus.h"
#include "app/tray/traysettings.h"
#include "app/tray/webhookpanel.h"
#include "core/sync/syncengine.h"
#include "core/sync/workspace.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

MainWindow::MainWindow(ContextChoices *choices, SyncStatus *status, TokenSaver *tokens,
                       TraySettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_status(status)
    , m_settings(settings)
    , m_contexts(new ContextsPanel(choices, tokens, this))
    , m_webhook(new WebhookPanel(this))
    , m_mappings(new MappingsPanel(choices->workspace()->engine(), this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_problems(new ProblemsBanner(this))
    , m_helperSetup(new HelperSetupPanel(this))
    , m_choices(choices)
    , m_summary(new QLabel(this))
    , m_helper(new QLabel(this))
    , m_lastWrite(new QLabel(this))
    , m_hostsFile(new QLabel(this))
{
    setWindowTitle(QStringLiteral("K8s Hosts"));
    setWindowIcon(StatusIcons::tray(StatusIcons::Badge::None, StatusIcons::Variant::ForLightPanel));

    Workspace *workspace = choices->workspace();
    connect(m_problems, &ProblemsBanner::retryContext, workspace, &Workspace::retryContext);
    connect(m_problems, &ProblemsBanner::untickContext, this,
            [choices](const QString &context) { choices->setEnabled(context, false); });
    connect(m_problems, &ProblemsBanner::retryPublishing, workspace->engine(),
            &SyncEngine::retryNow);
    connect(m_problems, &ProblemsBanner::openKubeconfig, this, [this](const QString &context) {
        const QString file = kubeconfigFileFor(context);
        if (!file.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(file));
    });

    auto *left = new QWidget(this); // the contexts, and ExternalDNS's listeners below them
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_contexts, 1);
    leftLayout->addWidget(m_webhook);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_mappings);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_helperSetup);
    layout->addWidget(m_problems);
    layout->addWidget(m_splitter, 1);
    m_helperSetup->hide();
    connect(m_helperSetup, &HelperSetupPanel::ownFileRequested, this,
            &MainWindow::ownHostsFileRequested);
    connect(m_helperSetup, &HelperSetupPanel::retryRequested, this, [this, workspace] {
        workspace->engine()->retryNow();
        Q_EMIT helperRetryRequested();
    });
    setCentralWidget(central);

    statusBar()->addWidget(m_summary, 1);
    m_summary->setContentsMargins(6, 0, 6, 0);
    for (QLabel *label : {m_helper, m_lastWrite, m_hostsFile}) {
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setContentsMargins(12, 0, 6, 0);
        statusBar()->addPermanentWidget(label);
    }
    m_helper->hide();

    createMenus();
    connect(m_status, &SyncStatus::changed, this, &MainWindow::updateStatus);
    updateStatus();

    resize(1100, 620);
    fitToScreen();
    m_splitter->setSizes({width() * 3 / 11, width() * 8 / 11});
    restoreGeometry(m_settings->windowState(QStringLiteral("geometry")));
    m_splitter->restoreState(m_settings->windowState(QStringLiteral("splitter")));
    m_mappings->view()->horizontalHeader()->restoreState(
        m_settings->windowState(QStringLiteral("mappingsHeader")));
    setTabOrder(m_contexts->filter(), m_contexts->view());
    setTabOrder(m_contexts->view(), m_mappings->filter());
    setTabOrder(m_mappings->filter(), m_mappings->view());
}

void MainWindow::createMenus()
{
    QMenu *app = menuBar()->addMenu(QStringLiteral("&K8s Hosts"));
    m_pause = app->addAction(QStringLiteral("&Pause syncing"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(m_pause, &QAction::triggered, this, &MainWindow::pauseToggled);
    QAction *removeAll = app->addAction(QStringLiteral("&Remove all entries now"));
    connect(removeAll, &QAction::triggered, this, &MainWindow::removeAllRequested);
    m_systemHostsFile = app->addAction(QStringLiteral("Write /etc/hosts &again"));
    m_systemHostsFile->setToolTip(
        QStringLiteral("Stop writing your own hosts file; /etc/hosts again, through the helper"));
    m_systemHostsFile->setVisible(false);
    connect(m_systemHostsFile, &QAction::triggered, this, &MainWindow::systemHostsFileRequested);
    app->addSeparator();
    QAction *preferences = app->addAction(QStringLiteral("P&references…"));
    preferences->setShortcut(QKeySequence::Preferences);
    preferences->setMenuRole(QAction::PreferencesRole);
    connect(preferences, &QAction::triggered, this, &MainWindow::preferencesRequested);
    app->addSeparator();
    QAction *close = app->addAction(QStringLiteral("&Close window"));
    close->setShortcut(QKeySequence::Close);
    connect(close, &QAction::triggered, this, &QWidget::close);
    QAction *quit = app->addAction(QStringLiteral("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &MainWindow::quitRequested);

    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    QAction *findHost = view->addAction(QStringLiteral("Find &host"));
    findHost->setShortcut(QKeySequence::Find);
    connect(findHost, &QAction::triggered, this, [this] {
        m_mappings->filter()->setFocus(Qt::ShortcutFocusReason);
        m_mappings->filter()->selectAll();
    });
    QAction *findContext = view->addAction(QStringLiteral("Find &context"));
    findContext->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(findContext, &QAction::triggered, this, [this] {
        m_contexts->filter()->setFocus(Qt::ShortcutFocusReason);
        m_contexts->filter()->selectAll();
    });

    m_help = menuBar()->addMenu(QStringLiteral("&Help"));
    m_about = m_help->addAction(QStringLiteral("&About K8s Hosts"));
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, [this] {
        auto *box = new QMessageBox(QMessageBox::NoIcon, QStringLiteral("About K8s Hosts"),
                                    aboutText(), QMessageBox::Close, this);
        box->setTextFormat(Qt::RichText);
        box->setTextInteractionFlags(Qt::TextBrowserInteraction);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

QString MainWindow::aboutText()
{
    const QString version = QCoreApplication::applicationVersion().isEmpty()
                                ? QStringLiteral(K8S_HOSTS_VERSION)
                                : QCoreApplication::applicationVersion();
    const QString docs = QStringLiteral("https://github.com/k8s-hosts/k8s-hosts#readme");
    return QStringLiteral("<p><b>K8s Hosts %1</b></p><p>Publishes the names your clusters' "
                          "Ingresses, Gateway API routes and load balancers serve: to your hosts "
                          "file, a team's DNS zone, multicast DNS or a local resolver.</p>"
                          "<p>Documentation: <a href=\"%2\">%2</a></p>")
        .arg(version.toHtmlEscaped(), docs);
}

void MainWindow::setHelperActions(HelperActions *helper)
{
    auto *menu = new QMenu(QStringLiteral("&Helper"), this);
    menuBar()->insertMenu(m_help->menuAction(), menu); // before Help, as menus go
    menu->addAction(helper->statusAction());
    menu->addSeparator();
    menu->addActions(helper->actions());
    m_helperButton = new QToolButton(this);
    m_helperButton->setAutoRaise(true);
    statusBar()->insertPermanentWidget(1, m_helperButton);
    const auto update = [this, helper] {
        const QAction *status = helper->statusAction();
        setHelperStatus(status->text(), status->toolTip());
        QAction *primary = helper->primary();
        m_helperButton->setVisible(primary != nullptr);
        if (primary)
            m_helperButton->setDefaultAction(primary);
    };
    connect(helper->control(), &HelperControl::changed, this, update);
    update();
}

void MainWindow::setHostsFile(const QString &path, const QString &how)
{
    m_hostsFile->setText(QStringLiteral("Hosts file: %1").arg(path));
    m_hostsFile->setToolTip(how);
}

void MainWindow::setHelperMissing(bool missing)
{
    m_helperSetup->setVisible(missing);
}

void MainWindow::setHelperStatus(const QString &text, const QString &toolTip)
{
    m_helper->setVisible(!text.isEmpty());
    m_helper->setText(text);
    m_helper->setToolTip(toolTip);
}

void MainWindow::showAndRaise()
{
    if (isMinimized())
        showNormal();
    else
        show();
    fitToScreen(); // framed now: its real frame is known
    raise();
    activateWindow();
}

// The window with its frame inside the screen's available area: on a small or scaled
// screen (2× on a 1600×1000 panel is 800×500) it opens smaller, never past the edges.
void MainWindow::fitToScreen()
{
    fitWithinScreen(this);
}

QString MainWindow::kubeconfigFileFor(const QString &context) const
{
    return m_choices->workspace()->kubeconfig().fileDefining(context);
}

void MainWindow::updateStatus()
{
    m_problems->setProblems(m_status->problemDetails());
    m_summary->setText(m_status->stateText() + QStringLiteral(" · ") + m_status->summary());
    m_pause->setChecked(m_status->state() == SyncStatus::State::Paused);
    const QDateTime last = m_status->lastWrite();
    const qsizetype held = m_status->written().size();
    if (last.isValid())
        m_lastWrite->setText(QStringLiteral("Last write: %1 · %2 entries in the file")
                                 .arg(QLocale().toString(last.time(), QLocale::ShortFormat))
                                 .arg(held));
    else if (held > 0)
        m_lastWrite->setText(QStringLiteral("Last write: none yet · %1 entries in the file "
                                            "from before")
                                 .arg(held));
    else
        m_lastWrite->setText(QStringLiteral("Last write: none yet"));
    m_lastWrite->setToolTip(last.isValid() ? QLocale().toString(last, QLocale::LongFormat)
                                           : QString());
}

void MainWindow::saveLayout()
{
    m_settings->setWindowState(QStringLiteral("geometry"), saveGeometry());
    m_settings->setWindowState(QStringLiteral("splitter"), m_splitter->saveState());
    m_settings->setWindowState(QStringLiteral("mappingsHeader"),
                               m_mappings->view()->horizontalHeader()->saveState());
}

void MainWindow::hideEvent(QHideEvent *event)
{
    saveLayout();
    QMainWindow::hideEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    if (m_quitOnClose) {
        event->ignore(); // the quit sequence cleans up, then the app exits
        Q_EMIT quitRequested();
        return;
    }
    QMainWindow::closeEvent(event);
}
