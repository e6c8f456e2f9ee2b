#include "app/cleanupcommand.h"

#include "app/exitcodes.h"
#include "app/headless/instancelock.h"
#include "core/hosts/hostsfile.h"
#include "core/sink/publisher.h"

#include <QEventLoop>
#include <QTextStream>

#include <memory>

int CleanupCommand::run() const
{
    QTextStream err(stderr);
    // A running instance would write the block (and the names) back moments later.
    InstanceLock lock(hostsFile, marker);
    if (QString error; !force && !lock.tryLock(&error) && lock.ownerPid() > 0) {
        err << "k8s-hosts: " << error << "; it would write the entries back at once. Stop it (kill "
            << lock.ownerPid()
            << ") and it removes them itself, or pass --force to remove them anyway" << Qt::endl;
        return ExitAlreadyRunning;
    }
    const int hostsCode = hosts ? cleanHostsFile() : ExitOk;
    const int zoneCode = dns ? cleanZone() : ExitOk;
    if (mdns)
        QTextStream(stdout) << "mDNS: the .local names went with the k8s-hosts that published "
                               "them; nothing to remove"
                            << Qt::endl;
    return hostsCode != ExitOk ? hostsCode : zoneCode;
}

int CleanupCommand::cleanHostsFile() const
{
    HostsFile file(hostsFile);
    const HostsFile::Result result = file.clear(marker);
    if (!result.ok) {
        QTextStream(stderr) << "k8s-hosts: " << result.error << Qt::endl;
        return ExitRuntimeError;
    }
    QTextStream out(stdout);
    if (result.changed)
        out << "removed " << result.previous().size() << " entries (" << marker << ") from "
            << hostsFile << Qt::endl;
    else
        out << "no " << marker << " block in " << hostsFile << "; nothing to remove" << Qt::endl;
    return ExitOk;
}

int CleanupCommand::cleanZone() const
{
    QString error;
    std::unique_ptr<Publisher> zone(PublisherSetup::dnsPublisher(*dns, marker, &error, nullptr));
    if (!zone) {
        QTextStream(stderr) << "k8s-hosts: " << error << Qt::endl;
        return ExitUsage;
    }
    PublishResult result;
    QEventLoop loop;
    QObject::connect(zone.get(), &Publisher::finished, &loop, [&](const PublishResult &r) {
        result = r;
        loop.quit();
    });
    zone->withdraw();
    loop.exec();
    if (!result.ok()) {
        QTextStream(stderr) << "k8s-hosts: " << zone->target() << ": " << result.error << Qt::endl;
        return ExitRuntimeError;
    }
    const qsizetype removed = result.heldBefore.value_or(HostEntries{}).size();
    QTextStream(stdout) << "removed " << removed << " records of ours from " << zone->target()
                        << Qt::endl;
    return ExitOk;
}
