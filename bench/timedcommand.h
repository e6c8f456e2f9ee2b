#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// Runs one command to its end and measures it: wall time on BenchWait's clock, and, through
// GNU time (/usr/bin/time, Debian package "time"), its CPU seconds and peak memory. The event
// loop keeps running meanwhile, so in-process fake API servers can answer it.
class TimedCommand
{
public:
    struct Result
    {
        bool ok = false; // exited normally with code 0
        int exitCode = -1;
        double wallSeconds = 0;
        double cpuSeconds = -1; // user + system; -1 without GNU time
        qint64 peakRssKb = -1;  // -1 without GNU time
        QString errorTail;      // the end of its stderr, for failure messages
    };

    TimedCommand(QString program, QStringList arguments);
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }
    void setStandardOutputFile(const QString &path) { m_stdout = path; }
    void setStandardErrorFile(const QString &path) { m_stderr = path; }

    Result run(int timeoutMs) const;

    static bool haveGnuTime();

private:
    QString m_program;
    QStringList m_arguments;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
    QString m_stdout;
    QString m_stderr;
};
