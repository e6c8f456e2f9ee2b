#include "app/tray/trayapp.h"

#include "app/demo/democluster.h"
#include "app/tray/autostartentry.h"
#include "app/tray/contextchoices.h"
#include "app/tray/helperactions.h"
#include "app/tray/mainwindow.h"
#include "app/tray/mappingspanel.h"
#include "app/tray/preferencesdialog.h"
#include "app/tray/publishtargets.h"
#include "app/tray/singleinstance.h"
#include "app/tray/syncstatus.h"
#include "app/tray/tokensaver.h"
#include "app/tray/traycontroller.h"
#include "app/tray/traylogging.h"
#include "app/tray/traymenu.h"
#include "app/tray/traysettings.h"
#include "app/tray/webhookpanel.h"
#include "core/install/helpercontrol.h"
#include "core/sink/hostssink.h"
#include "core/sync/publishchannel.h"
#include "core/sync/publishersetup.h"
#include "core/sync/workspace.h"
#include "core/webhook/webhookservice.h"
#ifdef K8S_HOSTS_HELPER_DBUS
#include "app/tray/helpermonitor.h"
#include "app/tray/policyupdater.h"
#include "core/sink/helpersink.h"
#endif

#include <QCheckBox>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QSystemTrayIcon>

namespace {

bool startAtLoginSupported()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    return true;
#else
    return false; // the macOS login item comes with the app bundle
#endif
}

} // namespace

TrayApp::TrayApp(Setup setup, QObject *parent)
    : QObject(parent)
    , m_setup(std::move(setup))
{
    if (!m_setup.settings) {
        // The demo keeps its own settings, so trying it leaves the user's choices alone.
        m_ownSettings = std::make_unique<QSettings>(
            QStringLiteral("k8s-hosts"),
            m_setup.options.demo ? QStringLiteral("k8s-hosts-demo") : QStringLiteral("k8s-hosts"));
        m_setup.settings = m_ownSettings.get();
    }
    m_settings = std::make_unique<TraySettings>(m_setup.settings);
    m_quitDeadline.setSingleShot(true);
    connect(&m_quitDeadline, &QTimer::timeout, this, [this] {
        qCWarning(lcTray) << "the hosts file did not answer in time; quitting anyway";
        finish();
    });
}

TrayApp::~TrayApp() = default;

void TrayApp::start()
{
    QString socket = m_setup.socketPath;
    if (socket.isEmpty()) {
        socket = SingleInstance::defaultSocketPath();
        if (m_setup.options.demo)
            socket.replace(QStringLiteral(".socket"), QStringLiteral("-demo.socket"));
    }
    m_instance = new SingleInstance(socket, this);
    connect(m_instance, &SingleInstance::primary, this, &TrayApp::startPrimary);
    connect(m_instance, &SingleInstance::secondary, this, [this] { Q_EMIT finished(0); });
    connect(m_instance, &SingleInstance::activationRequested, this, &TrayApp::showWindow);
    m_instance->start();
}

void TrayApp::createWorkspace()
{
    // --hosts-file, else a file of the user's own chosen in the window, else /etc/hosts.
    m_hostsFile = !m_setup.options.hostsFile.isEmpty() ? m_setup.options.hostsFile
                  : !m_settings->hostsFile().isEmpty() ? m_settings->hostsFile()
                                                       : HostsFileAccess::systemHostsFile();
    m_marker = m_setup.options.marker.isEmpty() ? m_settings->marker() : m_setup.options.marker;
    PublisherSetup::Options outputs;
    outputs.hostsFile = m_hostsFile;
    outputs.marker = m_marker;
    outputs.keepOnDisconnect = m_settings->keepEntriesAfterQuit();
    PublisherSetup setup = PublisherSetup::build(outputs);
    for (const QString &warning : std::as_const(setup.warnings))
        qCWarning(lcTray).noquote() << warning;
    if (!setup.error.isEmpty())
        qCWarning(lcTray).noquote() << setup.error; // every write says it too, in the window
    m_hostsSink = setup.hostsSink;
    m_writesDirectly = setup.hostsWay != HostsFileAccess::Way::Helper;
#ifdef K8S_HOSTS_HELPER_DBUS
    if (auto *helper = qobject_cast<HelperSink *>(m_hostsSink))
        m_helperMonitor = new HelperMonitor(QDBusConnection::systemBus(), helper, this);
    m_policy = new PolicyUpdater(QDBusConnection::systemBus(), this);
#endif

    Workspace::Options options;
    options.kubeconfig = m_setup.options.kubeconfig;
    options.sources = m_settings->sources();
    options.engine.marker = m_marker;
    options.engine.hostsFile = m_hostsFile;
    options.engine.policy = setup.policy;
    options.useKeychain = m_setup.useKeychain;
    m_workspace = new Workspace(setup.publishers, options, this);
}

// macOS: the helper is installed, approved, updated and removed from the app. Its removal
// takes our block out first and pauses syncing (nothing could write any more); once a helper
// is ready again, syncing resumes and what failed is written.
void TrayApp::createHelperControl()
{
    if (!m_setup.helperInstaller)
        return;
    const auto withdraw = [this](const std::function<void(bool, const QString &)> &done) {
        SyncEngine *engine = m_workspace->engine();
        engine->setPaused(true);
        m_pausedForHelperRemoval = true;
        auto *once = new QObject(this);
        connect(engine, &SyncEngine::withdrawn, once, [once, done](bool ok, const QString &error) {
            once->deleteLater();
            done(ok, error);
        });
        engine->withdrawAll();
    };
    m_helperControl = new HelperControl(m_setup.helperInstaller(this), withdraw, this);
    m_helperActions = new HelperActions(m_helperControl, this);
    connect(m_helperControl, &HelperControl::becameReady, this, [this] {
        if (m_pausedForHelperRemoval) {
            m_pausedForHelperRemoval = false;
            setPaused(m_userPaused);
        }
        m_workspace->engine()->retryNow();
    });
}

// --webhook-listen: ExternalDNS's names in the same engine, one more context per listen
// address. An address that cannot be bound is said in the log and the status bar; the
// clusters sync anyway.
void TrayApp::startWebhook()
{
    if (!m_setup.options.webhook.enabled())
        return;
    m_webhook = new WebhookService(m_setup.options.webhook, this);
    if (QString error; !m_webhook->start(&error)) {
        qCWarning(lcTray).noquote() << error;
        m_window->statusBar()->showMessage(error);
        return;
    }
    for (MappingSource *source : m_webhook->sources())
        m_workspace->engine()->addSource(source);
    m_window->webhook()->setSources(m_webhook->webhookSources());
}

void TrayApp::startDemo()
{
    // The simulated cluster must be up before anything connects to it.
    m_demo = new DemoCluster(this);
    TrayOptions &options = m_setup.options;
    if (options.hostsFile.isEmpty())
        options.hostsFile = DemoCluster::hostsFilePath();
    options.kubeconfig.explicitPath = m_demo->kubeconfigPath();
    options.contexts = {DemoCluster::contextName()};
    connect(m_demo, &DemoCluster::ready, this, [this](const QString &url) {
        qCInfo(lcTray).noquote() << "demo cluster at" << url;
        startPrimary();
    });
    connect(m_demo, &DemoCluster::failed, this, [this](const QString &error) {
        qCCritical(lcTray).noquote() << error;
        auto *box =
            new QMessageBox(QMessageBox::Critical, QStringLiteral("K8s Hosts"),
                            QStringLiteral("The demo cluster did not start."), QMessageBox::Close);
        box->setInformativeText(error);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QDialog::finished, this, [this] { finish(1); });
        box->open();
    });
    m_demo->start();
}

void TrayApp::startPrimary()
{
    if (m_setup.options.demo && !m_demo) {
        startDemo();
        return;
    }
    createWorkspace();
    createHelperControl();
    m_choices = new ContextChoices(m_workspace, m_settings.get(), this);
    m_status = new SyncStatus(m_workspace, this);
    m_tokens = new TokenSaver(m_choices, this);
    createViews(); // every view listens before the first connection starts
    m_targets = new PublishTargets(m_workspace->engine(), m_marker, m_setup.useKeychain, this);
    connect(m_targets, &PublishTargets::problem, this, [this](const QString &message) {
        qCWarning(lcTray).noquote() << message;
        m_window->statusBar()->showMessage(message, 30000);
    });
    m_targets->apply(preferences());
    startWebhook();

    QString error;
    if (!m_workspace->load(&error))
        qCWarning(lcTray).noquote() << error;
    m_choices->restore(m_setup.options.contexts);
    if (!m_tray || m_workspace->enabledContexts().isEmpty())
        showWindow(); // nothing to sync yet, or nowhere else to show anything
    if (m_helperControl)
        m_helperControl->start();
    qCInfo(lcTray).noquote() << QStringLiteral("started: %1, marker %2, %3")
                                    .arg(m_hostsFile, m_marker,
                                         m_tray ? QStringLiteral("in the tray")
                                                : QStringLiteral("without a tray"));
    Q_EMIT started();
}

void TrayApp::createViews()
{
    m_window = std::make_unique<MainWindow>(m_choices, m_status, m_tokens, m_settings.get());
    m_window->setHostsFile(m_hostsFile, m_writesDirectly
                                            ? QStringLiteral("Written directly by K8s Hosts")
                                            : QStringLiteral("Written by the k8s-hosts helper"));
    connect(m_window.get(), &MainWindow::preferencesRequested, this, &TrayApp::openPreferences);
    connect(m_window.get(), &MainWindow::pauseToggled, this, &TrayApp::setPaused);
    connect(m_window.get(), &MainWindow::removeAllRequested, this, &TrayApp::removeAllEntries);
    connect(m_window.get(), &MainWindow::quitRequested, this, &TrayApp::quit);
    connect(m_window.get(), &MainWindow::ownHostsFileRequested, this, &TrayApp::chooseOwnHostsFile);
    connect(m_window.get(), &MainWindow::systemHostsFileRequested, this,
            &TrayApp::useSystemHostsFile);
    m_window->setOwnHostsFile(m_setup.options.hostsFile.isEmpty() &&
                              !m_settings->hostsFile().isEmpty());
#ifdef K8S_HOSTS_HELPER_DBUS
    if (m_helperMonitor) {
        connect(m_window.get(), &MainWindow::helperRetryRequested, m_helperMonitor,
                &HelperMonitor::probe);
        connect(m_helperMonitor, &HelperMonitor::changed, this, [this] {
            m_window->setHelperStatus(m_helperMonitor->text(), m_helperMonitor->toolTip());
            const bool missing = m_helperMonitor->installed() == HelperMonitor::Installed::No;
            m_window->setHelperMissing(missing);
            // The first time only: the window opens to say so, with the ways out.
            if (missing && !m_saidHelperMissing) {
                m_saidHelperMissing = true;
                showWindow();
            }
        });
        m_window->setHelperStatus(m_helperMonitor->text(), m_helperMonitor->toolTip());
        m_helperMonitor->probe();
    }
    MappingsPanel *mappings = m_window->mappings();
    connect(mappings, &MappingsPanel::allowDomainRequested, this, [this](const QString &domain) {
        m_policy->allowDomain(m_workspace->engine()->options().policy, domain);
    });
    connect(mappings, &MappingsPanel::allowPublicAddressesRequested, this,
            [this] { m_policy->allowPublicAddresses(m_workspace->engine()->options().policy); });
    connect(m_policy, &PolicyUpdater::policyChanged, this, [this](const NamePolicy &policy) {
        m_workspace->engine()->setPolicy(policy); // and to the publishers that check names
        m_window->mappings()->showFixResult(true, {});
    });
    connect(m_policy, &PolicyUpdater::failed, this,
            [this](const QString &error) { m_window->mappings()->showFixResult(false, error); });
#else
    m_window->mappings()->setPolicyFixAvailable(false);
#endif

    if (m_helperActions)
        m_window->setHelperActions(m_helperActions);

    if (m_setup.useTray && QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new TrayController(m_choices, m_status, this);
        m_tray->setNotificationLevel(m_settings->notifications());
        m_tray->setWindowShown(
            [this] { return m_window && m_window->isVisible() && !m_window->isMinimized(); });
        TrayMenu *menu = m_tray->menu();
        connect(menu, &TrayMenu::openWindowRequested, this, &TrayApp::showWindow);
        connect(menu, &TrayMenu::showAllRequested, this, [this](bool problemsOnly) {
            showWindow();
            m_window->mappings()->filter()->clear();
            m_window->mappings()->problemsOnly()->setChecked(problemsOnly);
        });
        connect(menu, &TrayMenu::preferencesRequested, this, &TrayApp::openPreferences);
        connect(menu, &TrayMenu::pauseToggled, this, &TrayApp::setPaused);
        connect(menu, &TrayMenu::removeAllRequested, this, &TrayApp::removeAllEntries);
        connect(menu, &TrayMenu::quitRequested, this, &TrayApp::quit);
        connect(m_tray, &TrayController::activated, this, &TrayApp::showWindow);
        if (m_helperActions)
            menu->addHelperActions(m_helperActions);
        m_tray->show();
    } else {
        m_window->setQuitOnClose(true);
    }
}

void TrayApp::showWindow()
{
    if (m_window)
        m_window->showAndRaise();
}

void TrayApp::setPaused(bool paused)
{
    m_userPaused = paused;
    m_workspace->engine()->setPaused(paused);
    m_status->refresh();
}

void TrayApp::removeAllEntries()
{
    setPaused(true);
    m_workspace->engine()->withdrawAll();
}

TrayPreferences TrayApp::preferences() const
{
    TrayPreferences p;
    p.sources = m_settings->sources();
    p.marker = m_settings->marker();
    p.keepEntriesAfterQuit = m_settings->keepEntriesAfterQuit();
    p.notifications = m_settings->notifications();
    p.startAtLogin = AutostartEntry(QCoreApplication::applicationFilePath()).isEnabled();
    p.publishMdns = m_settings->publishMdns();
    p.dns = m_settings->dnsZone();
    p.resolver = m_settings->resolver();
    return p;
}

PreferencesDialog *TrayApp::openPreferences()
{
    if (!m_preferences) {
        m_preferences = new PreferencesDialog(preferences(), startAtLoginSupported());
        m_preferences->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_preferences, &QDialog::accepted, this,
                [this, dialog = m_preferences] { applyPreferences(dialog->preferences()); });
    }
    m_preferences->show();
    m_preferences->raise();
    m_preferences->activateWindow();
    return m_preferences;
}

void TrayApp::applyPreferences(const TrayPreferences &p)
{
    const TrayPreferences before = preferences();
    m_settings->setSources(p.sources);
    m_settings->setMarker(p.marker); // the next start uses it; quitting clears the old block
    m_settings->setKeepEntriesAfterQuit(p.keepEntriesAfterQuit);
    m_settings->setNotifications(p.notifications);
    m_settings->setPublishMdns(p.publishMdns);
    m_settings->setDnsZone(p.dns);
    m_settings->setResolver(p.resolver);
    m_settings->sync();
    if (m_targets)
        m_targets->apply(p);
    if (p.sources != before.sources)
        m_workspace->setSources(p.sources);
    m_hostsSink->setKeepOnDisconnect(p.keepEntriesAfterQuit);
    if (m_tray)
        m_tray->setNotificationLevel(p.notifications);
    if (p.startAtLogin != before.startAtLogin && startAtLoginSupported()) {
        QString error;
        if (!AutostartEntry(QCoreApplication::applicationFilePath())
                 .setEnabled(p.startAtLogin, &error))
            m_window->statusBar()->showMessage(error, 15000);
    }
}

void TrayApp::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    if (!m_workspace) {
        finish();
        return;
    }
    m_settings->sync();
    SyncEngine *engine = m_workspace->engine();
    // A new marker starts next time: the old one's block must not stay behind.
    const bool markerChanged = m_setup.options.marker.isEmpty() && m_settings->marker() != m_marker;
    const bool keep = m_settings->keepEntriesAfterQuit() && !markerChanged;
    engine->setPaused(true);
    m_quitDeadline.start(m_setup.quitTimeoutMs);
    if (!keep) {
        connect(engine, &SyncEngine::withdrawn, this, [this] { finish(); });
        engine->withdrawAll();
        return;
    }
    // The helper drops a block on disconnect unless it was last written with "keep":
    // write the current state once more with it, unless the user had paused on purpose.
    if (!m_writesDirectly && !m_userPaused && m_status->hasWritten()) {
        m_hostsSink->setKeepOnDisconnect(true);
        connect(m_hostsSink, &HostsSink::finished, this, [this] { finish(); });
        m_hostsSink->apply(m_marker, engine->primary()->desired());
        return;
    }
    finish();
}

QString TrayApp::useHostsFile(const QString &path)
{
    const QString file = QFileInfo(path).absoluteFilePath();
    if (path.isEmpty())
        return QStringLiteral("No file was chosen.");
    if (HostsFileAccess::isSystemHostsFile(file))
        return QStringLiteral("%1 is the system's hosts file; only the helper may write it.")
            .arg(file);
    QFile probe(file);
    if (!probe.open(QIODevice::WriteOnly | QIODevice::Append))
        return QStringLiteral("%1 cannot be written: %2.").arg(file, probe.errorString());
    probe.close();
    const HostsFileAccess access = HostsFileAccess::of(file);
    if (access.way != HostsFileAccess::Way::Direct)
        return access.problem.isEmpty()
                   ? QStringLiteral("%1 cannot be written by K8s Hosts itself.").arg(file)
                   : access.problem;
    m_settings->setHostsFile(file);
    qCInfo(lcTray).noquote() << "writing" << file << "from the next start on; starting again";
    restart();
    return {};
}

void TrayApp::useSystemHostsFile()
{
    m_settings->setHostsFile({});
    restart();
}

void TrayApp::chooseOwnHostsFile()
{
    const QString path =
        QFileDialog::getSaveFileName(m_window.get(), QStringLiteral("A hosts file of yours"),
                                     QDir::home().filePath(QStringLiteral("k8s-hosts.hosts")),
                                     QString(), nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    if (const QString error = useHostsFile(path); !error.isEmpty())
        QMessageBox::warning(m_window.get(), QStringLiteral("K8s Hosts"), error);
}

// Quits the usual way (our entries leave the old target), then starts again.
void TrayApp::restart()
{
    m_settings->sync();
    m_restart = true;
    quit();
}

void TrayApp::finish(int exitCode)
{
    if (m_restart)
        exitCode = restartExitCode;
    if (m_finished)
        return;
    m_finished = true;
    m_quitDeadline.stop();
    if (m_tray)
        m_tray->icon()->hide();
    if (m_window)
        m_window->hide();
    // Always from the event loop, never from inside quit().
    QMetaObject::invokeMethod(
        this, [this, exitCode] { Q_EMIT finished(exitCode); }, Qt::QueuedConnection);
}
