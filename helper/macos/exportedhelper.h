#pragma once

#import "core/sink/macos/helperxpcprotocol.h"

#include <QtGlobal>

#include <memory>

class HelperConnections;
class ThreadGate;

// The object one XPC connection talks to. XPC calls it on the connection's queue; it checks
// the caller (ClientCheck), turns the message into plain C++ values and runs the request on
// the HelperConnections thread through the gate, then answers. No decision is made here.
@interface K8sHostsExportedHelper : NSObject <K8sHostsHelperProtocol>

- (instancetype)initWithGate:(std::shared_ptr<ThreadGate>)gate
                 connections:(HelperConnections *)connections
                  connection:(quint64)connection
                         uid:(uid_t)uid
                  executable:(NSString *)executable NS_DESIGNATED_INITIALIZER;
- (instancetype)init NS_UNAVAILABLE;

@end
