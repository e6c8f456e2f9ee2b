#include "bench/processstats.h"

#include <QDir>
#include <QFile>
#include <QList>

#include <unistd.h>

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// "VmHWM:	   12345 kB" → 12345
qint64 statusField(const QByteArray &status, const QByteArray &name)
{
    const qsizetype at = status.indexOf("\n" + name + ':');
    if (at < 0)
        return 0;
    const qsizetype end = status.indexOf('\n', at + 1);
    QByteArray value = status.mid(at + name.size() + 2, end - at - name.size() - 2).trimmed();
    if (value.endsWith(" kB"))
        value.chop(3);
    return value.trimmed().toLongLong();
}

} // namespace

ProcessStats ProcessStats::of(qint64 pid)
{
    ProcessStats stats;
    const QString base = QStringLiteral("/proc/%1").arg(pid);
    const QByteArray status = readFile(base + QStringLiteral("/status"));
    const QByteArray stat = readFile(base + QStringLiteral("/stat"));
    if (status.isEmpty() || stat.isEmpty())
        return stats;
    stats.rssKb = statusField(status, "VmRSS");
    stats.peakRssKb = statusField(status, "VmHWM");
    // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    const double ticks = double(::sysconf(_SC_CLK_TCK));
    if (fields.size() > 12)
        stats.cpuSeconds = (fields.at(11).toLongLong() + fields.at(12).toLongLong()) / ticks;
    const QStringList tasks =
        QDir(base + QStringLiteral("/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &task : tasks) {
        const QByteArray taskStatus =
            readFile(base + QStringLiteral("/task/") + task + QStringLiteral("/status"));
        stats.voluntarySwitches += statusField(taskStatus, "voluntary_ctxt_switches");
        stats.involuntarySwitches += statusField(taskStatus, "nonvoluntary_ctxt_switches");
    }
    stats.threads = int(tasks.size());
    stats.valid = true;
    return stats;
}
