#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// Whether and how the macOS helper tells the resolvers that the hosts file changed.
// mDNSResponder watches /etc/hosts and re-reads it about a second after our atomic rename,
// so correctness never depends on this; flushing makes the change visible at once and drops
// what the directory services cached (dscacheutil). Only after a write that changed the
// system's hosts file: a test's temporary file never signals system daemons. The commands
// are fixed; nothing a caller sends reaches them.
class ResolverFlush
{
public:
    struct Command
    {
        QString program; // absolute
        QStringList arguments;

        friend bool operator==(const Command &, const Command &) = default;
    };

    static QList<Command> afterWrite(bool changed, const QString &hostsFile);
    // /etc/hosts or its target /private/etc/hosts, however the path is spelled.
    static bool isSystemHostsFile(const QString &path);
};
