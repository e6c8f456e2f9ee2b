#pragma once

#include "core/sink/threadgate.h"

#include <QString>

#import <Foundation/Foundation.h>
#include <functional>
#include <memory>

// An administrator's right ("system.privilege.admin"), asked for with the system's prompt,
// as the AuthorizationExternalForm the helper checks. Blocking (the prompt waits for a
// person): call it on a background queue, never on the GUI thread. nil with *error when the
// prompt was dismissed or the right refused.
NSData *_Nullable AdminAuthorizationExternalForm(QString *_Nonnull error);

// The same, asked on a background queue, with the answer (form, or nil and why) delivered on
// gate's thread — or nowhere once the gate is closed. What XpcHelperSink and
// XpcResolverRegistrar do when the helper answers "an administrator's authorization is needed".
void AskAdminAuthorization(const std::shared_ptr<ThreadGate> &gate,
                           std::function<void(NSData *_Nullable form, const QString &why)> answer);
