#pragma once

#include "app/tray/trayoptions.h"
#include "app/tray/traypreferences.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class ContextChoices;
class DemoCluster;
class HelperActions;
class HelperControl;
class HelperInstaller;
class HostsSink;
class MainWindow;
class PreferencesDialog;
class PublishTargets;
class QSettings;
class SingleInstance;
class SyncStatus;
class TokenSaver;
class TrayController;
class TraySettings;
class WebhookService;
class Workspace;
#ifdef K8S_HOSTS_HELPER_DBUS
class HelperMonitor;
class PolicyUpdater;
#endif

// The tray app put together: one instance per user, the sink (the file directly when the
// user can write it, else the helper), the Workspace with the remembered choices, the
// status layer, the tray icon (or the window where there is no tray) and the quit
// sequence that removes our entries unless the user keeps them.
class TrayApp : public QObject
{
    Q_OBJECT
public:
    struct Setup
    {
        TrayOptions options;
        QSettings *settings = nullptr; // null: the user's settings
        QString socketPath;            // empty: SingleInstance::defaultSocketPath()
        bool useKeychain = true;
        bool useTray = true; // false: the window only, as on a desktop without a tray
        int quitTimeoutMs = 15000;
        // macOS, for /etc/hosts: installs and removes the helper (createHelperInstaller());
        // tests pass a fake. Null: the helper comes with a package (Linux), or none is needed.
        std::function<HelperInstaller *(QObject *parent)> helperInstaller;
    };

    explicit TrayApp(Setup setup, QObject *parent = nullptr);
    ~TrayApp() override;

    // Asks for a running instance first; started() or finished(0) follows.
    void start();
    void quit();
    void showWindow();
    void setPaused(bool paused);
    void removeAllEntries(); // clears our block and pauses, so it stays cleared
    PreferencesDialog *openPreferences();
    TrayPreferences preferences() const;
    void applyPreferences(const TrayPreferences &preferences);
    // "Use a hosts file I own…": path must be a file this user can write (created empty when
    // it does not exist), never the system's. Kept in the settings, then K8s Hosts quits
    // with restartExitCode so it starts again writing there. Empty, or the reason it cannot.
    QString useHostsFile(const QString &path);
    // Back to /etc/hosts through the helper, the same way.
    void useSystemHostsFile();
    static constexpr int restartExitCode = 75;

    Workspace *workspace() const { return m_workspace; }
    ContextChoices *choices() const { return m_choices; }
    SyncStatus *status() const { return m_status; }
    MainWindow *window() const { return m_window.get(); }
    TrayController *tray() const { return m_tray; }
    HelperControl *helperControl() const { return m_helperControl; }
    HostsSink *sink() const { return m_hostsSink; }
    PublishTargets *targets() const { return m_targets; }
    QString hostsFile() const { return m_hostsFile; }
    QString marker() const { return m_marker; }

Q_SIGNALS:
    void started();
    void finished(int exitCode);

private:
    void startPrimary();
    void startDemo();
    void createWorkspace();
    void createViews();
    void createHelperControl();
    void startWebhook();
    void finish(int exitCode = 0);
    void chooseOwnHostsFile();
    void restart();

    Setup m_setup;
    std::unique_ptr<QSettings> m_ownSettings;
    std::unique_ptr<TraySettings> m_settings;
    SingleInstance *m_instance = nullptr;
    DemoCluster *m_demo = nullptr;
    QString m_hostsFile;
    QString m_marker;
    HostsSink *m_hostsSink = nullptr; // how our block is written (owned by the engine)
    bool m_writesDirectly = true;     // false: the privileged helper writes it
    HelperControl *m_helperControl = nullptr;
    HelperActions *m_helperActions = nullptr;
    bool m_pausedForHelperRemoval = false;
#ifdef K8S_HOSTS_HELPER_DBUS
    HelperMonitor *m_helperMonitor = nullptr;
    PolicyUpdater *m_policy = nullptr;
#endif
    Workspace *m_workspace = nullptr;
    ContextChoices *m_choices = nullptr;
    SyncStatus *m_status = nullptr;
    TokenSaver *m_tokens = nullptr;
    PublishTargets *m_targets = nullptr; // mDNS and a DNS zone beside the hosts file
    WebhookService *m_webhook = nullptr; // ExternalDNS's names (--webhook-listen)
    std::unique_ptr<MainWindow> m_window;
    TrayController *m_tray = nullptr;
    QPointer<PreferencesDialog> m_preferences;
    QTimer m_quitDeadline;
    bool m_userPaused = false;
    bool m_quitting = false;
    bool m_restart = false;           // quit, then start again (another hosts file)
    bool m_saidHelperMissing = false; // the window opened once for it
    bool m_finished = false;
};
