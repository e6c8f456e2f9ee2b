#pragma once

#include <QString>
#include <QStringList>

// Names no cluster may ever map, whatever the policy says: the loopback names resolvers
// synthesise (RFC 6761), the machine's own name, names other tools own on this machine.
class ReservedNames
{
public:
    // The built-in list plus this machine's host name.
    static ReservedNames forThisMachine();
    // The built-in list plus the given machine name (tests).
    explicit ReservedNames(const QString &machineName = {});

    // Why host (normalized) is reserved, or an empty string when it is not.
    QString reasonFor(QStringView host) const;

private:
    QString m_machineName;
};
