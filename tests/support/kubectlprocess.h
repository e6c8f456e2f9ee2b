#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

// Runs the real kubectl for tests, isolated from the user's setup: its own HOME, discovery
// cache and KUBECONFIG, no proxy variables. Output is collected as it arrives, so a test
// can follow `kubectl get -w`. Tests wait on finished() or on output with a deadline.
class KubectlProcess : public QObject
{
    Q_OBJECT

public:
    // kubeconfig: the file to use; home: an empty scratch folder for HOME and the cache.
    KubectlProcess(const QString &kubeconfig, const QString &home, QObject *parent = nullptr);
    ~KubectlProcess() override;

    // $K8S_HOSTS_KUBECTL, else kubectl from PATH; empty when there is none.
    static QString program();

    void start(const QStringList &arguments);
    // Asks kubectl to stop (SIGTERM to its own PID); finished() follows.
    void stop();

    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    bool hasFinished() const { return m_finished; }
    int exitCode() const { return m_process.exitCode(); }
    QByteArray standardOutput() const { return m_stdout; }
    QByteArray standardError() const { return m_stderr; }
    // The full command, for failure messages.
    QString commandLine() const;

Q_SIGNALS:
    void outputArrived(const QByteArray &bytes);
    void finished();

private:
    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
    bool m_finished = false;
};
