#include "helper/resolverflush.h"

#include <QDir>
#include <QFileInfo>

bool ResolverFlush::isSystemHostsFile(const QString &path)
{
    if (path.isEmpty())
        return false;
    const auto isSystem = [](const QString &candidate) {
        return candidate == u"/etc/hosts" || candidate == u"/private/etc/hosts";
    };
    // The spelling first (the helper's default is /etc/hosts), then the file it names.
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return isSystem(QDir::cleanPath(path)) || (!canonical.isEmpty() && isSystem(canonical));
}

QList<ResolverFlush::Command> ResolverFlush::afterWrite(bool changed, const QString &hostsFile)
{
    if (!changed || !isSystemHostsFile(hostsFile))
        return {};
    return {
        {QStringLiteral("/usr/bin/dscacheutil"), {QStringLiteral("-flushcache")}},
        {QStringLiteral("/usr/bin/killall"),
         {QStringLiteral("-HUP"), QStringLiteral("mDNSResponder")}},
    };
}
