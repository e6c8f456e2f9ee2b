#pragma once

#include <QString>

#import <Foundation/Foundation.h>

// An administrator's right ("system.privilege.admin"), asked for with the system's prompt,
// as the AuthorizationExternalForm the helper checks. Blocking (the prompt waits for a
// person): call it on a background queue, never on the GUI thread. nil with *error when the
// prompt was dismissed or the right refused.
NSData *_Nullable AdminAuthorizationExternalForm(QString *_Nonnull error);
