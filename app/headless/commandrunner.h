#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

// The command of --exec, run the way a shell runs a job: in a process group of its own that
// gets the terminal when we have it (so Ctrl-C reaches the command as it would from a shell),
// told about every SIGINT/SIGTERM/SIGHUP we receive, killed with its whole group when it
// outlives the grace period, and never left behind: when it ends, whatever it started in the
// background is stopped too. Its exit code follows the shell's rule (128+N for signal N).
class CommandRunner : public QObject
{
    Q_OBJECT
public:
    explicit CommandRunner(QStringList command, QObject *parent = nullptr);
    ~CommandRunner() override;

    void start();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    // Passes a signal on to the command's group; SIGKILL follows after graceMs.
    void forward(int signal);
    // Kills the group at once (a second signal: no waiting).
    void kill();

    int graceMs = 10000;

Q_SIGNALS:
    void finished(int exitCode);
    void failedToStart(const QString &error);

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void reapGroup();
    void giveTerminalTo(qint64 group);

    QStringList m_command;
    QProcess m_process;
    qint64 m_group = 0;
    bool m_ownsTerminal = false;
    QTimer m_grace;
    QTimer m_reap; // the group's leftovers after the command ended
    int m_reapTicks = 0;
    int m_exitCode = 0;
};
