#include "core/install/macos/legacyjob.h"

#include "signingidentity.h"

#import <Foundation/Foundation.h>
#import <Security/Authorization.h>
#import <ServiceManagement/ServiceManagement.h>

// SMJobRemove is deprecated since macOS 13; it remains the only way to unload a job that
// SMJobBless installed.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"

namespace LegacyJob {

QString plistPath()
{
    return QStringLiteral("/Library/LaunchDaemons/%1.plist")
        .arg(QString::fromUtf8(SigningIdentity::helperLabel));
}

QString toolPath()
{
    return QStringLiteral("/Library/PrivilegedHelperTools/%1")
        .arg(QString::fromUtf8(SigningIdentity::helperLabel));
}

QString remove()
{
    AuthorizationItem item = {kSMRightModifySystemDaemons, 0, nullptr, 0};
    AuthorizationRights rights = {1, &item};
    AuthorizationRef authorization = nullptr;
    const OSStatus status =
        AuthorizationCreate(&rights, kAuthorizationEmptyEnvironment,
                            kAuthorizationFlagDefaults | kAuthorizationFlagInteractionAllowed |
                                kAuthorizationFlagPreAuthorize | kAuthorizationFlagExtendRights,
                            &authorization);
    if (status == errAuthorizationCanceled)
        return QStringLiteral("you cancelled the administrator prompt; nothing was changed");
    if (status != errAuthorizationSuccess)
        return QStringLiteral("macOS refused the administrator authorization (error %1)")
            .arg(status);
    CFErrorRef error = nullptr;
    SMJobRemove(kSMDomainSystemLaunchd, (__bridge CFStringRef) @(SigningIdentity::helperLabel),
                authorization, true, &error);
    AuthorizationFree(authorization, kAuthorizationFlagDefaults);
    if (!error)
        return {};
    NSError *ns = (__bridge NSError *)error;
    const QString message = QString::fromNSString(ns.localizedDescription);
    CFRelease(error);
    return message;
}

} // namespace LegacyJob

#pragma clang diagnostic pop
