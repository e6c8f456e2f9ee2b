#include "core/sink/hostsfileaccess.h"

#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <unistd.h>

namespace {

// Effective ids decide, as for the write itself.
bool mayWrite(const QString &path)
{
    return ::faccessat(AT_FDCWD, QFile::encodeName(path).constData(), W_OK, AT_EACCESS) == 0;
}

} // namespace

QString HostsFileAccess::systemHostsFile()
{
    return QStringLiteral("/etc/hosts");
}

bool HostsFileAccess::isSystemHostsFile(const QString &path)
{
    const QString system = QFileInfo(systemHostsFile()).canonicalFilePath();
    return QFileInfo(path).absoluteFilePath() == systemHostsFile() ||
           (!system.isEmpty() && QFileInfo(path).canonicalFilePath() == system);
}

HostsFileAccess HostsFileAccess::of(const QString &path)
{
    const QFileInfo file(path);
    // A symlinked hosts file is edited where it points (macOS: /private/etc/hosts).
    const QFileInfo target(file.exists() ? file.canonicalFilePath() : file.absoluteFilePath());
    const QFileInfo dir(target.absolutePath());
    if (file.exists() && target.isDir())
        return {Way::Impossible,
                QStringLiteral("%1 is a directory, not a hosts file; name a file").arg(path)};
    if (!dir.isDir())
        return {Way::Impossible, QStringLiteral("cannot write %1: the directory %2 does not "
                                                "exist; create it, or choose a file in a "
                                                "directory that exists")
                                     .arg(path, dir.absoluteFilePath())};
    if (file.exists() && !target.isFile())
        return {Way::Impossible,
                QStringLiteral("%1 is not a regular file; refusing to edit it").arg(path)};
    // The file is replaced by a new one beside it, so its directory must be writable too.
    const bool direct =
        mayWrite(dir.absoluteFilePath()) && (!file.exists() || mayWrite(target.absoluteFilePath()));
    if (direct)
        return {Way::Direct, {}};
    if (isSystemHostsFile(path))
        return {Way::Helper, {}};
    return {Way::Impossible,
            QStringLiteral("cannot write %1: this user may not replace it or create files in %2; "
                           "choose a file you own with --hosts-file (the k8s-hosts helper "
                           "writes only %3)")
                .arg(path, dir.absoluteFilePath(), systemHostsFile())};
}
