#pragma once

#include "helper/helperconnections.h"

#import <Foundation/Foundation.h>
#include <sys/types.h>

// Finds out what HelperConnections::permission() decides on: whether uid is in the admin
// group, and whether the call carried an AuthorizationExternalForm that holds an
// administrator's right ("system.privilege.admin"), checked without any prompt.
CallerRights CallerRightsOf(uid_t uid, NSData *_Nullable authorization);
