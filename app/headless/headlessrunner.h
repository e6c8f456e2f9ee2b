#pragma once

#include "app/commandline.h"

#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QTimer>

#include <memory>

class DemoCluster;
class HostsSink;
class InstanceLock;
class QFileSystemWatcher;
class Workspace;

// `k8s-hosts --no-gui`: a drop-in for the Go k8s-hosts-controller. Syncs the chosen
// contexts into the block until a signal arrives (then removes the entries), or with
// --once until the first full sync, or with --exec while a command runs.
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
    HostsSink *chooseSink(const QString &marker, QString *error);
    int enableContexts();
    void onSettled();
    void onWaitTimeout();
    void onSignal(int signal);
    void runCommand();
    void onCommandFinished(int exitCode, QProcess::ExitStatus status);
    void waitForOtherInstance();
    void clearAndExit(int code);
    void finish(int code);

    CommandLine m_cl;
    QString m_marker;
    std::unique_ptr<InstanceLock> m_lock;
    HostsSink *m_sink = nullptr;
    Workspace *m_workspace = nullptr;
    DemoCluster *m_demo = nullptr;
    QProcess *m_command = nullptr;
    QFileSystemWatcher *m_otherInstance = nullptr;
    QTimer m_waitTimeout;
    bool m_settledOnce = false;
    bool m_stopping = false;
    int m_exitCode = 0;
};
