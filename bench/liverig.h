#pragma once

#include "bench/benchoptions.h"
#include "bench/benchworkload.h"
#include "bench/headlessprocess.h"
#include "bench/hostsfilewatcher.h"

#include <QHash>

#include <chrono>
#include <memory>
#include <vector>

class FakeApiServer;

// A long-running `k8s-hosts --no-gui` against one or more in-process fake API servers (one
// per context, TLS with a token, as a real cluster), synced and checked: the hosts file holds
// exactly the workloads' hosts. The latency, burst and footprint benchmarks drive it.
class LiveRig
{
public:
    struct Setup
    {
        int contexts = 1;
        int ingresses = 10000; // in total, split over the contexts
        int namespaces = 100;  // per context
        std::chrono::milliseconds bookmarkInterval{60000};
    };

    LiveRig(const BenchOptions &options, const QString &name);
    ~LiveRig();

    // Servers up and seeded, k8s-hosts started and synced, the file checked.
    bool start(const Setup &setup, QString *error);
    double readySeconds() const { return m_readySeconds; }
    bool stop();

    int contexts() const { return int(m_servers.size()); }
    FakeApiServer &server(int context = 0) { return *m_servers.at(context); }
    BenchWorkload &workload(int context = 0) { return *m_workloads.at(context); }
    HostsFileWatcher &watcher() { return *m_watcher; }
    HeadlessProcess &process() { return *m_process; }

    QHash<QString, QString> expected() const;
    bool fileHoldsExpected() const { return m_watcher->block() == expected(); }

private:
    const BenchOptions &m_options;
    QString m_dir;
    std::vector<std::unique_ptr<FakeApiServer>> m_servers;
    std::vector<std::unique_ptr<BenchWorkload>> m_workloads;
    std::unique_ptr<HostsFileWatcher> m_watcher;
    std::unique_ptr<HeadlessProcess> m_process;
    double m_readySeconds = 0;
};
