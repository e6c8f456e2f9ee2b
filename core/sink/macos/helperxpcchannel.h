#pragma once

#include "core/sink/helperprotocol.h"
#include "core/sink/threadgate.h"
#include "core/sink/xpcfailure.h"

#include <QString>

#import <Foundation/Foundation.h>
#include <memory>
#include <optional>

// A call's outcome, read on any queue: the connection failed (lost), or the helper answered
// error (None: done) with its sentence.
struct HelperXpcAnswer
{
    std::optional<XpcFailure::Connection> lost;
    HelperProtocol::Error error = HelperProtocol::Error::None;
    QString message;

    static HelperXpcAnswer from(NSError *error); // nil: done
};

// The app's end of the helper's XPC connection, shared by XpcHelperSink and the installer's
// HelperClient and XpcResolverRegistrar: the connection once made, and the gate that carries its
// replies back to the owner's thread. Objective-C++ only.
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
