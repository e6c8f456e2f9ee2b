#include "helper/macos/callerrights.h"

#import <Security/Authorization.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

namespace {

bool isAdmin(uid_t uid)
{
    const passwd *user = ::getpwuid(uid);
    const group *admin = ::getgrnam("admin");
    if (!user || !admin)
        return false;
    int groups[256];
    int count = 256;
    if (::getgrouplist(user->pw_name, int(user->pw_gid), groups, &count) < 0)
        return false;
    for (int i = 0; i < count; ++i) {
        if (gid_t(groups[i]) == admin->gr_gid)
            return true;
    }
    return false;
}

bool holdsAdminRight(NSData *_Nullable authorization)
{
    if (authorization.length != sizeof(AuthorizationExternalForm))
        return false;
    AuthorizationExternalForm external;
    [authorization getBytes:&external length:sizeof external];
    AuthorizationRef ref = nullptr;
    if (AuthorizationCreateFromExternalForm(&external, &ref) != errAuthorizationSuccess)
        return false;
    AuthorizationItem item = {"system.privilege.admin", 0, nullptr, 0};
    AuthorizationRights rights = {1, &item};
    // No interaction: the app asked the person already; this only checks what it got.
    const OSStatus status = AuthorizationCopyRights(ref, &rights, kAuthorizationEmptyEnvironment,
                                                    kAuthorizationFlagExtendRights, nullptr);
    AuthorizationFree(ref, kAuthorizationFlagDefaults);
    return status == errAuthorizationSuccess;
}

} // namespace

CallerRights CallerRightsOf(uid_t uid, NSData *_Nullable authorization)
{
    return {isAdmin(uid), holdsAdminRight(authorization)};
}
