#include "core/sink/macos/adminauthorization.h"

#import <Security/Authorization.h>

NSData *_Nullable AdminAuthorizationExternalForm(QString *error)
{
    AuthorizationItem item = {"system.privilege.admin", 0, nullptr, 0};
    AuthorizationRights rights = {1, &item};
    AuthorizationRef authorization = nullptr;
    const OSStatus status =
        AuthorizationCreate(&rights, kAuthorizationEmptyEnvironment,
                            kAuthorizationFlagDefaults | kAuthorizationFlagInteractionAllowed |
                                kAuthorizationFlagPreAuthorize | kAuthorizationFlagExtendRights,
                            &authorization);
    if (status != errAuthorizationSuccess) {
        *error = status == errAuthorizationCanceled
                     ? QStringLiteral("the administrator prompt was dismissed; nothing was "
                                      "changed")
                     : QStringLiteral("macOS refused the administrator authorization (error %1)")
                           .arg(status);
        return nil;
    }
    AuthorizationExternalForm external;
    const OSStatus made = AuthorizationMakeExternalForm(authorization, &external);
    // The right lives in the authorization session; the helper checks it through the form.
    AuthorizationFree(authorization, kAuthorizationFlagDefaults);
    if (made != errAuthorizationSuccess) {
        *error = QStringLiteral("the administrator authorization could not be passed on (error "
                                "%1)")
                     .arg(made);
        return nil;
    }
    return [NSData dataWithBytes:&external length:sizeof external];
}

void AskAdminAuthorization(const std::shared_ptr<ThreadGate> &gate,
                           std::function<void(NSData *_Nullable form, const QString &why)> answer)
{
    std::shared_ptr<ThreadGate> target = gate; // copied into the block, as answer is
    dispatch_async(dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0), ^{
      QString why;
      NSData *form = AdminAuthorizationExternalForm(&why);
      target->post([answer, form, why] { answer(form, why); });
    });
}
