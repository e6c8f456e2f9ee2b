#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

// `k8s-hosts --no-gui` kept running for a benchmark: started with a ready file, waited for,
// looked at through its PID, and stopped with SIGTERM (it then removes its entries), all by
// its own PID. Its log goes to a file, as a CI job's would.
class HeadlessProcess
{
public:
    HeadlessProcess(QString program, QStringList arguments, QString readyFile, QString logFile);
    ~HeadlessProcess();
    HeadlessProcess(const HeadlessProcess &) = delete;
    HeadlessProcess &operator=(const HeadlessProcess &) = delete;

    void setEnvironment(const QProcessEnvironment &environment);
    void start();
    // True once the ready file exists (the first full sync is written).
    bool waitUntilReady(int timeoutMs);
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 pid() const { return m_process.processId(); }
    // SIGTERM, then the exit; false (and SIGKILL) when it does not exit in time.
    bool stop(int timeoutMs);
    int exitCode() const { return m_process.exitCode(); }
    QString logTail() const;

private:
    QProcess m_process;
    QString m_program;
    QStringList m_arguments;
    QString m_readyFile;
    QString m_logFile;
};
