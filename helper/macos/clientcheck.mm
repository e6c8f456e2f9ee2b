#include "helper/macos/clientcheck.h"

#include "signingidentity.h"

#import <Foundation/Foundation.h>
#import <Security/Security.h>

// Undocumented, and used only before macOS 13, where NSXPCConnection has no public way to
// name the peer's process instance: the audit token identifies exactly one, unlike a pid
// that can be reused or exec'd into another program.
@interface NSXPCConnection (K8sHostsAuditToken)
@property(nonatomic, readonly) audit_token_t auditToken;
@end

namespace {

SecRequirementRef createRequirement()
{
    SecRequirementRef requirement = nullptr;
    const OSStatus status =
        SecRequirementCreateWithString((__bridge CFStringRef) @(SigningIdentity::appRequirement),
                                       kSecCSDefaultFlags, &requirement);
    return status == errSecSuccess ? requirement : nullptr;
}

// The code running behind the audit token satisfies the app's requirement.
bool auditTokenSatisfies(NSXPCConnection *connection)
{
    if (![connection respondsToSelector:@selector(auditToken)])
        return false; // fail closed
    audit_token_t token = connection.auditToken;
    NSData *tokenData = [NSData dataWithBytes:&token length:sizeof token];
    NSDictionary *attributes = @{(__bridge NSString *)kSecGuestAttributeAudit : tokenData};
    SecCodeRef code = nullptr;
    if (SecCodeCopyGuestWithAttributes(nullptr, (__bridge CFDictionaryRef)attributes,
                                       kSecCSDefaultFlags, &code) != errSecSuccess)
        return false;
    SecRequirementRef requirement = createRequirement();
    const bool valid =
        requirement && SecCodeCheckValidity(code, kSecCSDefaultFlags, requirement) == errSecSuccess;
    if (requirement)
        CFRelease(requirement);
    CFRelease(code);
    return valid;
}

} // namespace

namespace ClientCheck {

bool requirementIsValid(QString *error)
{
    SecRequirementRef requirement = createRequirement();
    if (!requirement) {
        *error = QStringLiteral("the built-in code-signing requirement does not compile: %1; "
                                "rebuild with a valid K8S_HOSTS_MACOS_TEAM_ID")
                     .arg(QString::fromUtf8(SigningIdentity::appRequirement));
        return false;
    }
    CFRelease(requirement);
    return true;
}

bool prepare(NSXPCConnection *connection)
{
    if (@available(macOS 13.0, *)) {
        [connection setCodeSigningRequirement:@(SigningIdentity::appRequirement)];
        return true;
    }
    return auditTokenSatisfies(connection);
}

bool stillTrusted(NSXPCConnection *connection)
{
    if (@available(macOS 13.0, *))
        return connection != nil; // XPC checked this message already
    return connection != nil && auditTokenSatisfies(connection);
}

} // namespace ClientCheck
