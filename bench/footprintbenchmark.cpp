#include "bench/footprintbenchmark.h"

#include "bench/benchwait.h"
#include "bench/liverig.h"
#include "bench/processstats.h"
#include "bench/report.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>

#include <csignal>

namespace {

QString tool(const QString &name)
{
    return QStandardPaths::findExecutable(
        name, {QStringLiteral("/usr/bin"), QStringLiteral("/usr/sbin"), QStringLiteral("/bin")});
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

FootprintBenchmark::FootprintBenchmark(const BenchOptions &options, Report *report)
    : m_options(options)
    , m_report(report)
{}

void FootprintBenchmark::run()
{
    LiveRig::Setup setup;
    setup.contexts = 3;
    setup.ingresses = m_options.smoke ? 300 : 10000;
    setup.namespaces = m_options.smoke ? 5 : 100;
    setup.bookmarkInterval = std::chrono::hours(1);
    m_report->section(
        QStringLiteral("Footprint: %1 Ingresses over %2 contexts (%3 namespaces each)")
            .arg(setup.ingresses)
            .arg(setup.contexts)
            .arg(setup.namespaces));
    LiveRig rig(m_options, QStringLiteral("footprint"));
    QString error;
    if (!rig.start(setup, &error)) {
        m_report->problem(u"footprint: "_qs + error);
        return;
    }
    const qint64 pid = rig.process().pid();
    const ProcessStats synced = ProcessStats::of(pid);
    m_report->figure(
        u"footprint/3-contexts/ready"_qs, rig.readySeconds(), u"s"_qs,
        QStringLiteral("start to the ready file, all %1 entries").arg(setup.ingresses));
    m_report->figure(u"footprint/3-contexts/peak-rss"_qs, double(synced.peakRssKb) / 1024, u"MB"_qs,
                     QStringLiteral("VmHWM"));
    m_report->figure(u"footprint/3-contexts/rss"_qs, double(synced.rssKb) / 1024, u"MB"_qs,
                     QStringLiteral("VmRSS after the sync"));
    m_report->figure(u"footprint/3-contexts/cpu"_qs, synced.cpuSeconds, u"s"_qs,
                     QStringLiteral("user + system, start to synced"));
    m_report->figure(u"footprint/3-contexts/threads"_qs, synced.threads, u""_qs);

    const int windowMs = m_options.smoke ? 1000 : 30000;
    BenchWait::idle(m_options.smoke ? 200 : 2000); // the last write's aftermath settles
    idleWindow(pid, windowMs);
    straceWindow(pid, windowMs);
    if (!rig.stop())
        m_report->problem(QStringLiteral("footprint: k8s-hosts did not stop on SIGTERM"));
}

void FootprintBenchmark::idleWindow(qint64 pid, int windowMs)
{
    const QString perf = tool(QStringLiteral("perf"));
    const QString perfOutput = m_options.workDir + QStringLiteral("/perf-stat.csv");
    QProcess perfStat;
    if (!perf.isEmpty()) {
        perfStat.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        perfStat.start(perf, {QStringLiteral("stat"), QStringLiteral("-x,"), QStringLiteral("-e"),
                              QStringLiteral("task-clock,context-switches"), QStringLiteral("-o"),
                              perfOutput, QStringLiteral("-p"), QString::number(pid),
                              QStringLiteral("--timeout"), QString::number(windowMs)});
    }
    const ProcessStats before = ProcessStats::of(pid);
    BenchWait::idle(windowMs);
    const ProcessStats after = ProcessStats::of(pid);
    const double seconds = windowMs / 1000.0;
    const qint64 switches = after.voluntarySwitches + after.involuntarySwitches -
                            before.voluntarySwitches - before.involuntarySwitches;
    m_report->figure(u"idle/cpu"_qs, (after.cpuSeconds - before.cpuSeconds) * 1000, u"ms"_qs,
                     QStringLiteral("over %1 s, /proc (10 ms ticks)").arg(seconds));
    m_report->figure(
        u"idle/wakeups-per-s"_qs, double(switches) / seconds, u"/s"_qs,
        QStringLiteral("context switches of all %1 threads, /proc").arg(after.threads));
    m_report->figure(u"idle/rss"_qs, double(after.rssKb) / 1024, u"MB"_qs);
    if (perf.isEmpty())
        return;
    BenchWait::until([&] { return perfStat.state() == QProcess::NotRunning; }, windowMs + 10000);
    // CSV lines: value,unit,event,…
    bool found = false;
    for (const QByteArray &line : readAll(perfOutput).split('\n')) {
        const QList<QByteArray> fields = line.split(',');
        if (fields.size() < 3)
            continue;
        if (fields.at(2) == "task-clock") {
            m_report->figure(u"idle/perf/task-clock"_qs, fields.at(0).toDouble(), u"ms"_qs,
                             QStringLiteral("over %1 s, perf stat").arg(seconds));
            found = true;
        } else if (fields.at(2) == "context-switches") {
            m_report->figure(u"idle/perf/context-switches-per-s"_qs,
                             fields.at(0).toDouble() / seconds, u"/s"_qs,
                             QStringLiteral("perf stat"));
        }
    }
    if (!found)
        m_report->figure(u"idle/perf/unavailable"_qs, 0, u""_qs,
                         QString::fromUtf8(readAll(perfOutput).trimmed().left(200)));
}

void FootprintBenchmark::straceWindow(qint64 pid, int windowMs)
{
    const QString strace = tool(QStringLiteral("strace"));
    if (strace.isEmpty()) {
        m_report->figure(u"idle/strace/unavailable"_qs, 0, u""_qs, QStringLiteral("no strace"));
        return;
    }
    const QString output = m_options.workDir + QStringLiteral("/strace-c.txt");
    QProcess tracer;
    tracer.start(strace, {QStringLiteral("-f"), QStringLiteral("-c"), QStringLiteral("-o"), output,
                          QStringLiteral("-p"), QString::number(pid)});
    // strace says "Process N attached" per thread on stderr once it is in place.
    QByteArray said;
    BenchWait::until(
        [&] {
            said += tracer.readAllStandardError();
            return said.contains("attached") || tracer.state() == QProcess::NotRunning;
        },
        10000);
    BenchWait::idle(100);
    said += tracer.readAllStandardError();
    if (tracer.state() == QProcess::NotRunning) {
        m_report->figure(u"idle/strace/unavailable"_qs, 0, u""_qs,
                         QString::fromUtf8(said.trimmed().left(200)));
        return;
    }
    BenchWait::idle(windowMs);
    ::kill(pid_t(tracer.processId()), SIGINT); // detach and write the summary
    BenchWait::until([&] { return tracer.state() == QProcess::NotRunning; }, 10000);
    // "% time seconds usecs/call calls [errors] syscall" rows, then a "total" row.
    qint64 total = 0;
    QStringList calls;
    for (const QByteArray &line : readAll(output).split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 5 || fields.at(0).startsWith('%') || fields.at(0).startsWith('-'))
            continue;
        const QString name = QString::fromUtf8(fields.last());
        const qint64 count = fields.at(3).toLongLong();
        if (name == u"total")
            continue;
        if (name != u"restart_syscall") // the attach and detach interrupt each blocked thread
            total += count;
        calls.append(QStringLiteral("%1 %2").arg(name).arg(count));
    }
    m_report->figure(
        u"idle/strace/syscalls-per-s"_qs, double(total) / (windowMs / 1000.0), u"/s"_qs,
        calls.isEmpty() ? QStringLiteral("none") : calls.join(QStringLiteral(", ")).left(300));
}
