#include "app/cleanupcommand.h"

#include "app/exitcodes.h"
#include "core/hosts/hostsfile.h"

#include <QTextStream>

int runCleanup(const QString &hostsFile, const QString &marker)
{
    QTextStream err(stderr);
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
