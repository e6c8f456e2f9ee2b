#include "bench/timedcommand.h"

#include "bench/benchwait.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryFile>

#include <csignal>

namespace {

const QString gnuTime = QStringLiteral("/usr/bin/time");

QByteArray tail(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > 2000)
        file.seek(file.size() - 2000);
    return file.readAll();
}

} // namespace

TimedCommand::TimedCommand(QString program, QStringList arguments)
    : m_program(std::move(program))
    , m_arguments(std::move(arguments))
{}

bool TimedCommand::haveGnuTime()
{
    return QFile::exists(gnuTime);
}

TimedCommand::Result TimedCommand::run(int timeoutMs) const
{
    Result result;
    QTemporaryFile timings;
    QTemporaryFile errors;
    timings.open();
    errors.open();
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.setStandardOutputFile(m_stdout.isEmpty() ? QProcess::nullDevice() : m_stdout);
    process.setStandardErrorFile(m_stderr.isEmpty() ? errors.fileName() : m_stderr);
    const bool timed = haveGnuTime();
    const double started = BenchWait::nowMs();
    if (timed)
        process.start(gnuTime, QStringList{QStringLiteral("-f"), QStringLiteral("%e %U %S %M"),
                                           QStringLiteral("-o"), timings.fileName(), m_program} +
                                   m_arguments);
    else
        process.start(m_program, m_arguments);
    const bool ended =
        BenchWait::until([&] { return process.state() == QProcess::NotRunning; }, timeoutMs);
    result.wallSeconds = (BenchWait::nowMs() - started) / 1000;
    if (!ended) {
        // GNU time does not pass SIGKILL on: stop its child by PID first, then GNU time.
        const qint64 pid = process.processId();
        QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
        if (children.open(QIODevice::ReadOnly)) {
            for (const QByteArray &child : children.readAll().trimmed().split(' ')) {
                if (child.toLongLong() > 0)
                    ::kill(pid_t(child.toLongLong()), SIGKILL);
            }
        }
        process.kill();
        BenchWait::until([&] { return process.state() == QProcess::NotRunning; }, 5000);
        result.errorTail = QStringLiteral("timed out after %1 s").arg(timeoutMs / 1000);
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.ok = result.exitCode == 0;
    result.errorTail = QString::fromUtf8(tail(m_stderr.isEmpty() ? errors.fileName() : m_stderr));
    if (timed) {
        // GNU time writes "Command exited with non-zero status N" first when it fails.
        const QList<QByteArray> lines = timings.readAll().trimmed().split('\n');
        const QList<QByteArray> fields = lines.last().split(' ');
        if (fields.size() == 4) {
            result.cpuSeconds = fields.at(1).toDouble() + fields.at(2).toDouble();
            result.peakRssKb = fields.at(3).toLongLong();
        }
    }
    return result;
}
