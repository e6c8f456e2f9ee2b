#pragma once

#include <QString>

// The contract between the app and the privileged helper (the system bus on Linux, XPC on
// macOS). Both sides include this header so a name can never drift; docs/helper-protocol.md
// and docs/macos.md explain it.
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

// macOS: the launchd label of the helper and the Mach service it listens on (XPC).
inline QString machServiceName()
{
    return QStringLiteral("io.github.k8shosts.Helper");
}
// macOS: the NSError domain of the helper's replies; the code is an Error below.
inline QString xpcErrorDomain()
{
    return QStringLiteral("io.github.k8shosts.Helper");
}

// The errors the helper replies with, whatever carries them: D-Bus names them (below), XPC
// numbers them (the NSError code). The message is always a sentence a person can act on.
enum class Error
{
    None = 0,
    NotAuthorized = 1,
    InvalidArgument = 2,
    Failed = 3,
    // macOS: the call needs an administrator's authorization it did not carry; the app asks
    // for one (the system's prompt) and calls again with it.
    AuthorizationRequired = 4,
};

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

inline QString errorName(Error error)
{
    switch (error) {
    case Error::None:
        break;
    case Error::NotAuthorized:
        return errorNotAuthorized();
    case Error::InvalidArgument:
        return errorInvalidArgument();
    case Error::Failed:
        return errorFailed();
    case Error::AuthorizationRequired:
        return errorNotAuthorized(); // polkit decides on Linux; nothing else sends this
    }
    return {};
}

// polkit actions: our block (password kept for a few minutes), a block another user wrote,
// and the name policy (password every time).
inline QString actionManageHosts()
{
    return QStringLiteral("io.github.k8shosts.manage-hosts");
}
inline QString actionManageOtherBlocks()
{
    return QStringLiteral("io.github.k8shosts.manage-other-blocks");
}
inline QString actionManagePolicy()
{
    return QStringLiteral("io.github.k8shosts.manage-policy");
}

// A request larger than this is refused whole; the helper stops reading at the limit.
constexpr int maxEntries = 50000;
constexpr int maxPolicyDomains = 256;

} // namespace HelperProtocol
