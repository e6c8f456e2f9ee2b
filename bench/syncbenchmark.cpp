#include "bench/syncbenchmark.h"

#include "bench/benchworkload.h"
#include "bench/hostsfilewatcher.h"
#include "bench/report.h"
#include "bench/samples.h"
#include "tests/support/fakeapiserver.h"

#include <QDir>
#include <QFile>

namespace {

const QString token = QStringLiteral("bench-token");
const QByteArray originalHosts = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n";
constexpr int runTimeoutMs = 300000;

qsizetype countInFile(const QString &path, const QByteArray &needle)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().count(needle) : -1;
}

} // namespace

SyncBenchmark::SyncBenchmark(const BenchOptions &options, Report *report)
    : m_options(options)
    , m_report(report)
{}

void SyncBenchmark::run()
{
    m_report->section(QStringLiteral("Initial sync: k8s-hosts --no-gui --once vs kubectl get "
                                     "ingress -A -o json --chunk-size=500 (median of %1)")
                          .arg(m_options.smoke ? 1 : m_options.repeat));
    const QList<Size> sizes = m_options.smoke
                                  ? QList<Size>{{200, 10}}
                                  : QList<Size>{{1000, 100},   {1000, 1000}, {10000, 100},
                                                {10000, 1000}, {50000, 100}, {50000, 1000}};
    for (const Size &size : sizes)
        runSize(size);
}

void SyncBenchmark::runSize(const Size &size)
{
    const QString label = QStringLiteral("sync/%1x%2").arg(size.ingresses).arg(size.namespaces);
    const QString dir = m_options.workDir + u'/' + label.section(u'/', 1);
    QDir().mkpath(dir + QStringLiteral("/etc"));
    QDir().mkpath(dir + QStringLiteral("/home"));

    FakeApiServer::Options serverOptions;
    serverOptions.tls = true;
    serverOptions.tokens = {token};
    serverOptions.allowAnonymous = false;
    FakeApiServer server(serverOptions);
    QString error;
    if (!server.listen(&error)) {
        m_report->problem(label + u": "_qs + error);
        return;
    }
    BenchWorkload workload(&server.cluster());
    workload.populate(size.ingresses, size.namespaces);
    const QString kubeconfig = dir + QStringLiteral("/kubeconfig");
    if (!server.kubeconfig(KubeconfigWriter::Credentials::Token, token).write(kubeconfig, &error)) {
        m_report->problem(label + u": "_qs + error);
        return;
    }
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), dir + QStringLiteral("/home"));
    environment.insert(QStringLiteral("KUBECONFIG"), kubeconfig);
    for (const char *proxy : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"})
        environment.remove(QString::fromLatin1(proxy));

    // kubectl with a warm discovery cache, as at a developer's desk; k8s-hosts has none.
    TimedCommand warm(m_options.kubectl, {QStringLiteral("get"), QStringLiteral("namespaces"),
                                          QStringLiteral("-o"), QStringLiteral("name")});
    warm.setEnvironment(environment);
    if (const auto result = warm.run(runTimeoutMs); !result.ok) {
        m_report->problem(label + QStringLiteral(": kubectl cannot reach the fake server: ") +
                          result.errorTail);
        return;
    }

    const QString hostsPath = dir + QStringLiteral("/etc/hosts");
    const QString output = dir + QStringLiteral("/kubectl.json");
    HostsFileWatcher hosts(hostsPath, QStringLiteral("K8S-HOSTS"));
    Samples ourWall, ourCpu, ourRss, theirWall, theirCpu, theirRss;
    const int runs = m_options.smoke ? 1 : m_options.repeat;
    for (int run = 0; run < runs; ++run) {
        QFile file(hostsPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            file.write(originalHosts) < 0) {
            m_report->problem(label + QStringLiteral(": cannot write ") + hostsPath);
            return;
        }
        file.close();
        TimedCommand ours(m_options.k8sHosts, {QStringLiteral("--no-gui"), QStringLiteral("--once"),
                                               QStringLiteral("--kubeconfig"), kubeconfig,
                                               QStringLiteral("--hosts-file"), hostsPath});
        ours.setEnvironment(environment);
        ours.setStandardErrorFile(dir + QStringLiteral("/k8s-hosts.log"));
        const TimedCommand::Result a = ours.run(runTimeoutMs);
        if (!a.ok || hosts.block() != workload.expected()) {
            m_report->problem(QStringLiteral("%1: k8s-hosts --once failed (exit %2) or left %3 of "
                                             "%4 entries: %5")
                                  .arg(label)
                                  .arg(a.exitCode)
                                  .arg(hosts.block().size())
                                  .arg(workload.size())
                                  .arg(a.errorTail.right(500)));
            return;
        }
        ourWall.add(a.wallSeconds);
        ourCpu.add(a.cpuSeconds);
        ourRss.add(double(a.peakRssKb) / 1024);

        TimedCommand theirs(m_options.kubectl,
                            {QStringLiteral("get"), QStringLiteral("ingress"), QStringLiteral("-A"),
                             QStringLiteral("-o"), QStringLiteral("json"),
                             QStringLiteral("--chunk-size=500")});
        theirs.setEnvironment(environment);
        theirs.setStandardOutputFile(output);
        const TimedCommand::Result b = theirs.run(runTimeoutMs);
        const qsizetype printed = countInFile(output, "\"kind\": \"Ingress\"");
        QFile::remove(output);
        if (!b.ok || printed != size.ingresses) {
            m_report->problem(QStringLiteral("%1: kubectl failed (exit %2) or printed %3 of %4 "
                                             "Ingresses: %5")
                                  .arg(label)
                                  .arg(b.exitCode)
                                  .arg(printed)
                                  .arg(size.ingresses)
                                  .arg(b.errorTail.right(500)));
            return;
        }
        theirWall.add(b.wallSeconds);
        theirCpu.add(b.cpuSeconds);
        theirRss.add(double(b.peakRssKb) / 1024);
    }
    m_report->figure(label + QStringLiteral("/k8s-hosts/wall"), ourWall.median(), u"s"_qs,
                     QStringLiteral("start to exit, file verified"));
    m_report->figure(label + QStringLiteral("/kubectl/wall"), theirWall.median(), u"s"_qs);
    m_report->figure(label + QStringLiteral("/kubectl-over-k8s-hosts"),
                     theirWall.median() / ourWall.median(), u"x"_qs,
                     QStringLiteral("above 1: k8s-hosts is faster"));
    m_report->figure(label + QStringLiteral("/k8s-hosts/cpu"), ourCpu.median(), u"s"_qs);
    m_report->figure(label + QStringLiteral("/kubectl/cpu"), theirCpu.median(), u"s"_qs);
    m_report->figure(label + QStringLiteral("/k8s-hosts/peak-rss"), ourRss.median(), u"MB"_qs);
    m_report->figure(label + QStringLiteral("/kubectl/peak-rss"), theirRss.median(), u"MB"_qs);
}
