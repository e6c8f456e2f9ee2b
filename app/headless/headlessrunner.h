#pragma once

#include "app/commandline.h"

#include <QObject>
#include <QTimer>

#include <memory>

class CommandRunner;
class DemoCluster;
class InstanceLock;
class PublishChannel;
class QFileSystemWatcher;
class ReadyFile;
class StartupWatch;
class WebhookService;
class Workspace;

// `k8s-hosts --no-gui`: a drop-in for the Go k8s-hosts-controller. Syncs the chosen
// contexts until a signal arrives (then removes the entries), or with --once until the
// first full sync, or with --exec while a command runs.
//
// What it says comes from what the publishers did. A failure that waiting cannot mend stops
// the run at once (exit 1) with the fix; one that may pass is retried and said so; a run
// that never reached its first full sync leaves the hosts file as it found it.
class HeadlessRunner : public QObject
{
    Q_OBJECT
public:
    explicit HeadlessRunner(CommandLine commandLine, QObject *parent = nullptr);
    ~HeadlessRunner() override;

    // Starts; a negative result means "run the event loop", anything else is the exit code.
    int start();

private:
    int startSyncing();
    int createWorkspace();
    int enableContexts();
    int startWebhook();
    bool webhookOnly() const { return m_cl.webhook.enabled() && m_cl.contexts.isEmpty(); }
    void warnAboutPluginsAsRoot(const QStringList &contexts);
    void onSettled();
    void summarize();
    void printDryRun() const;
    void logInSync(const PublishChannel *channel, const QString &tail);
    void onPermanentFailure(const QString &error);
    void onWaitTimeout();
    void onSignal(int signal);
    void runCommand();
    void onCommandFinished(int exitCode);
    void waitForOtherInstance();
    // Removes our entries (if this run owns them) and exits with code.
    void withdrawAndExit(int code);
    void finish(int code);

    CommandLine m_cl;
    QString m_marker;
    std::unique_ptr<InstanceLock> m_lock;
    std::unique_ptr<ReadyFile> m_ready;
    Workspace *m_workspace = nullptr;
    WebhookService *m_webhook = nullptr;
    StartupWatch *m_startup = nullptr;
    DemoCluster *m_demo = nullptr;
    CommandRunner *m_command = nullptr;
    QFileSystemWatcher *m_otherInstance = nullptr;
    QTimer m_waitTimeout;
    bool m_settledOnce = false;
    bool m_stopping = false;
    bool m_forwarded = false; // a signal was passed on to the command
    int m_exitCode = 0;
};
