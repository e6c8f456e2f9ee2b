#pragma once

#include "core/sink/threadgate.h"

#import <Foundation/Foundation.h>
#include <memory>

// The app's end of the helper's XPC connection, shared by XpcHelperSink and the installer's
// HelperClient: the connection once made, and the gate that carries its replies back to the
// owner's thread. Objective-C++ only.
struct HelperXpcChannel
{
    NSXPCConnection *xpc = nil;
    std::shared_ptr<ThreadGate> gate;

    // A connection to our helper's Mach service (privileged), speaking our protocol, to a
    // peer signed as our helper (macOS 13+). Not resumed: the caller sets its handlers first.
    static NSXPCConnection *newConnection();
    // Ends the connection, if there is one.
    void close();
};
