#pragma once

#include <QString>

// The contract between the app and the privileged helper on the system bus. Both sides
// include this header so a name can never drift; docs/helper-protocol.md explains it.
namespace HelperProtocol {

inline QString serviceName()
{
    return QStringLiteral("io.github.k8shosts.Helper");
}
inline QString objectPath()
{
    return QStringLiteral("/io/github/k8shosts/Helper");
}
inline QString interfaceName()
{
    return QStringLiteral("io.github.k8shosts.Helper1");
}

// Errors the helper replies with; the message is always a sentence a person can act on.
inline QString errorNotAuthorized()
{
    return QStringLiteral("io.github.k8shosts.Error.NotAuthorized");
}
inline QString errorInvalidArgument()
{
    return QStringLiteral("io.github.k8shosts.Error.InvalidArgument");
}
inline QString errorFailed()
{
    return QStringLiteral("io.github.k8shosts.Error.Failed");
}

// polkit actions: our block (password kept for a few minutes), and the name policy
// (password every time).
inline QString actionManageHosts()
{
    return QStringLiteral("io.github.k8shosts.manage-hosts");
}
inline QString actionManagePolicy()
{
    return QStringLiteral("io.github.k8shosts.manage-policy");
}

// A request larger than this is refused whole; the helper stops reading at the limit.
constexpr int maxEntries = 50000;
constexpr int maxPolicyDomains = 256;

} // namespace HelperProtocol
