#include "core/sink/macos/helperxpcchannel.h"

#import "core/sink/macos/helperxpcprotocol.h"
#include "signingidentity.h"

NSXPCConnection *HelperXpcChannel::newConnection()
{
    NSXPCConnection *connection =
        [[NSXPCConnection alloc] initWithMachServiceName:@(SigningIdentity::helperLabel)
                                                 options:NSXPCConnectionPrivileged];
    connection.remoteObjectInterface = K8sHostsHelperInterface();
    // Talk only to our own helper: a daemon registered under our name by anyone else never
    // sees our entries.
    if (@available(macOS 13.0, *))
        [connection setCodeSigningRequirement:@(SigningIdentity::helperRequirement)];
    return connection;
}

void HelperXpcChannel::close()
{
    [xpc invalidate];
    xpc = nil;
}
