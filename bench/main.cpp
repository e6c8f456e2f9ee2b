// k8s-hosts-bench: prints how k8s-hosts behaves at scale — initial sync next to kubectl,
// single-event latency, bursts, footprint and idle cost — against in-process fake API
// servers. It prints figures; it asserts nothing about time. `bench/run-all` runs it on a
// release build; docs/BENCHMARKS.md records the results.
#include "bench/benchoptions.h"
#include "bench/burstbenchmark.h"
#include "bench/footprintbenchmark.h"
#include "bench/latencybenchmark.h"
#include "bench/liverig.h"
#include "bench/processstats.h"
#include "bench/report.h"
#include "bench/syncbenchmark.h"
#include "tests/support/kubectlprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>

#include <thread>

namespace {

QString cpuModel()
{
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (!cpuinfo.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : cpuinfo.readAll().split('\n')) {
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    }
    return {};
}

QString versionOf(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    process.waitForFinished(10000); // before anything is measured; nothing else is running
    return QString::fromUtf8(process.readAllStandardOutput()).section(u'\n', 0, 0).trimmed();
}

void printMachine(const BenchOptions &options, bool json)
{
    if (json)
        return;
    QTextStream out(stdout);
    out << "k8s-hosts benchmarks, " << QDateTime::currentDateTime().toString(Qt::ISODate) << '\n'
        << "machine: " << cpuModel() << ", " << std::thread::hardware_concurrency() << " cores, "
        << QSysInfo::prettyProductName() << ", kernel " << QSysInfo::kernelVersion() << '\n'
        << "k8s-hosts: " << options.k8sHosts << " ("
        << versionOf(options.k8sHosts, {QStringLiteral("--version")}) << ")\n"
        << "kubectl: " << options.kubectl << " ("
        << versionOf(options.kubectl, {QStringLiteral("version"), QStringLiteral("--client")})
        << ")\n"
        << "Qt " << qVersion() << ", load average " << Report::loadAverage()
        << (options.smoke ? ", smoke sizes" : "") << Qt::endl;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measures k8s-hosts against fake API servers and prints figures. "
                       "Scenarios: sync, latency, burst, footprint (default: all)."));
    parser.addHelpOption();
    const QCommandLineOption smoke(QStringLiteral("smoke"),
                                   QStringLiteral("Tiny sizes: checks that the harness works."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("One JSON object per figure, per line."));
    const QCommandLineOption k8sHosts(QStringLiteral("k8s-hosts"),
                                      QStringLiteral("The k8s-hosts binary to measure."),
                                      QStringLiteral("path"), QStringLiteral(K8S_HOSTS_BINARY));
    const QCommandLineOption kubectl(
        QStringLiteral("kubectl"),
        QStringLiteral("The kubectl to compare with (default: $K8S_HOSTS_KUBECTL, else PATH)."),
        QStringLiteral("path"), KubectlProcess::program());
    const QCommandLineOption repeat(QStringLiteral("repeat"),
                                    QStringLiteral("Runs per initial-sync size (default 3)."),
                                    QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption events(QStringLiteral("events"),
                                    QStringLiteral("Latency events of each kind (default 200)."),
                                    QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption ingresses(
        QStringLiteral("ingresses"),
        QStringLiteral("Ingresses synced for the latency and burst runs (default 10000)."),
        QStringLiteral("n"), QStringLiteral("10000"));
    parser.addOptions({smoke, json, k8sHosts, kubectl, repeat, events, ingresses});
    parser.addPositionalArgument(QStringLiteral("scenario"),
                                 QStringLiteral("sync, latency, burst or footprint"));
    parser.process(app);

    QTemporaryDir workDir;
    BenchOptions options;
    options.k8sHosts = parser.value(k8sHosts);
    options.kubectl = parser.value(kubectl);
    options.workDir = workDir.path();
    options.smoke = parser.isSet(smoke);
    options.repeat = std::max(1, parser.value(repeat).toInt());
    const int eventsPerKind = options.smoke ? 3 : std::max(1, parser.value(events).toInt());
    QStringList scenarios = parser.positionalArguments();
    if (scenarios.isEmpty())
        scenarios = {QStringLiteral("sync"), QStringLiteral("latency"), QStringLiteral("burst"),
                     QStringLiteral("footprint")};
    for (const QString &scenario : scenarios) {
        if (!QStringList{u"sync"_qs, u"latency"_qs, u"burst"_qs, u"footprint"_qs}.contains(
                scenario)) {
            QTextStream(stderr) << "k8s-hosts-bench: unknown scenario " << scenario
                                << " (sync, latency, burst, footprint)" << Qt::endl;
            return 2;
        }
    }
    for (const QString &program : {options.k8sHosts, options.kubectl}) {
        if (program.isEmpty() || !QFile::exists(program)) {
            QTextStream(stderr) << "k8s-hosts-bench: "
                                << (program.isEmpty() ? QStringLiteral("kubectl") : program)
                                << " not found" << Qt::endl;
            return 2;
        }
    }

    Report report(parser.isSet(json));
    printMachine(options, parser.isSet(json));
    if (scenarios.contains(u"sync"_qs))
        SyncBenchmark(options, &report).run();
    if (scenarios.contains(u"latency"_qs) || scenarios.contains(u"burst"_qs)) {
        // One synced k8s-hosts for both: 10,000 Ingresses over 100 namespaces by default.
        LiveRig rig(options, QStringLiteral("live"));
        LiveRig::Setup setup;
        setup.ingresses = options.smoke ? 300 : std::max(100, parser.value(ingresses).toInt());
        setup.namespaces = options.smoke ? 5 : 100;
        QString error;
        if (!rig.start(setup, &error)) {
            report.problem(u"live: "_qs + error);
        } else {
            if (scenarios.contains(u"latency"_qs))
                LatencyBenchmark(&rig, &report, eventsPerKind, options.smoke ? 120 : 150).run();
            if (scenarios.contains(u"burst"_qs))
                BurstBenchmark(&rig, &report, options.smoke ? 200 : 5000,
                               options.smoke ? 200 : 1000)
                    .run();
            const ProcessStats stats = ProcessStats::of(rig.process().pid());
            report.section(QStringLiteral("One context, %1 Ingresses").arg(setup.ingresses));
            report.figure(u"footprint/1-context/ready"_qs, rig.readySeconds(), u"s"_qs);
            report.figure(u"footprint/1-context/peak-rss"_qs, double(stats.peakRssKb) / 1024,
                          u"MB"_qs, QStringLiteral("VmHWM after the events"));
            report.figure(u"footprint/1-context/cpu"_qs, stats.cpuSeconds, u"s"_qs,
                          QStringLiteral("user + system, whole life so far"));
            if (!rig.stop())
                report.problem(QStringLiteral("live: k8s-hosts did not stop on SIGTERM"));
        }
    }
    if (scenarios.contains(u"footprint"_qs))
        FootprintBenchmark(options, &report).run();
    return report.problems() == 0 ? 0 : 1;
}
