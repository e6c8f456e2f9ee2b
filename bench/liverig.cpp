#include "bench/liverig.h"

#include "bench/benchwait.h"
#include "tests/support/fakeapiserver.h"

#include <QDir>
#include <QFile>

namespace {

const QString token = QStringLiteral("bench-token");
const QByteArray originalHosts = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n";

} // namespace

LiveRig::LiveRig(const BenchOptions &options, const QString &name)
    : m_options(options)
    , m_dir(options.workDir + u'/' + name)
{}

LiveRig::~LiveRig()
{
    stop();
}

bool LiveRig::start(const Setup &setup, QString *error)
{
    QDir().mkpath(m_dir + QStringLiteral("/etc"));
    QDir().mkpath(m_dir + QStringLiteral("/home"));
    QStringList kubeconfigs;
    QStringList arguments{QStringLiteral("--no-gui"), QStringLiteral("--hosts-file"),
                          m_dir + QStringLiteral("/etc/hosts")};
    for (int c = 0; c < setup.contexts; ++c) {
        FakeApiServer::Options serverOptions;
        serverOptions.tls = true;
        serverOptions.tokens = {token};
        serverOptions.allowAnonymous = false;
        serverOptions.bookmarkInterval = setup.bookmarkInterval;
        auto server = std::make_unique<FakeApiServer>(serverOptions);
        if (!server->listen(error))
            return false;
        const QString context = QStringLiteral("bench-c%1").arg(c + 1);
        auto workload = std::make_unique<BenchWorkload>(
            &server->cluster(), setup.contexts > 1 ? QStringLiteral("c%1").arg(c + 1) : QString());
        const int share = setup.ingresses / setup.contexts + (c < setup.ingresses % setup.contexts);
        workload->populate(share, setup.namespaces);
        KubeconfigWriter kubeconfig =
            server->kubeconfig(KubeconfigWriter::Credentials::Token, token);
        kubeconfig.setContextName(context);
        const QString path = m_dir + QStringLiteral("/kubeconfig-%1").arg(c + 1);
        if (!kubeconfig.write(path, error))
            return false;
        kubeconfigs.append(path);
        arguments << QStringLiteral("--context") << context;
        m_servers.push_back(std::move(server));
        m_workloads.push_back(std::move(workload));
    }

    const QString hostsPath = m_dir + QStringLiteral("/etc/hosts");
    QFile hosts(hostsPath);
    if (!hosts.open(QIODevice::WriteOnly | QIODevice::Truncate) || hosts.write(originalHosts) < 0) {
        *error = QStringLiteral("cannot write %1").arg(hostsPath);
        return false;
    }
    hosts.close();
    m_watcher = std::make_unique<HostsFileWatcher>(hostsPath, QStringLiteral("K8S-HOSTS"));
    if (!m_watcher->start(error))
        return false;

    m_process = std::make_unique<HeadlessProcess>(m_options.k8sHosts, arguments,
                                                  m_dir + QStringLiteral("/ready"),
                                                  m_dir + QStringLiteral("/k8s-hosts.log"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("KUBECONFIG"), kubeconfigs.join(u':'));
    environment.insert(QStringLiteral("HOME"), m_dir + QStringLiteral("/home"));
    m_process->setEnvironment(environment);
    const double started = BenchWait::nowMs();
    m_process->start();
    if (!m_process->waitUntilReady(300000)) {
        *error = QStringLiteral("k8s-hosts did not sync: %1").arg(m_process->logTail());
        return false;
    }
    m_readySeconds = (BenchWait::nowMs() - started) / 1000;
    if (!fileHoldsExpected()) {
        *error = QStringLiteral("after the first sync the hosts file holds %1 entries, not the %2 "
                                "expected")
                     .arg(m_watcher->block().size())
                     .arg(expected().size());
        return false;
    }
    return true;
}

bool LiveRig::stop()
{
    const bool stopped = !m_process || m_process->stop(30000);
    m_process.reset();
    m_servers.clear();
    return stopped;
}

QHash<QString, QString> LiveRig::expected() const
{
    QHash<QString, QString> all;
    for (const auto &workload : m_workloads)
        all.insert(workload->expected());
    return all;
}
