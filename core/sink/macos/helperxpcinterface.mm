#import "core/sink/macos/helperxpcprotocol.h"

NSXPCInterface *K8sHostsHelperInterface(void)
{
    NSXPCInterface *interface =
        [NSXPCInterface interfaceWithProtocol:@protocol(K8sHostsHelperProtocol)];
    // Collections decode only the classes named here (NSSecureCoding); anything else in
    // the array fails the message before it reaches the helper's code.
    NSSet<Class> *strings = [NSSet setWithObjects:[NSArray class], [NSString class], nil];
    [interface setClasses:strings
              forSelector:@selector(setEntries:forMarker:keepOnDisconnect:authorization:reply:)
            argumentIndex:0
                  ofReply:NO];
    [interface setClasses:strings
              forSelector:@selector(entriesForMarker:reply:)
            argumentIndex:0
                  ofReply:YES];
    return interface;
}
