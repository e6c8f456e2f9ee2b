#include "app/cleanupcommand.h"

#include "app/exitcodes.h"
#include "app/headless/instancelock.h"
#include "core/hosts/hostsfile.h"

#include <QTextStream>

int runCleanup(const QString &hostsFile, const QString &marker, bool force)
{
    QTextStream err(stderr);
    // A running instance would write the block back moments later.
    InstanceLock lock(hostsFile, marker);
    if (QString error; !force && !lock.tryLock(&error) && lock.ownerPid() > 0) {
        err << "k8s-hosts: " << error << "; it would write the entries back at once. Stop it (kill "
            << lock.ownerPid()
            << ") and it removes them itself, or pass --force to remove them anyway" << Qt::endl;
        return ExitAlreadyRunning;
    }
    HostsFile file(hostsFile);
    const HostsFile::Result result = file.clear(marker);
    if (!result.ok) {
        err << "k8s-hosts: " << result.error << Qt::endl;
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
