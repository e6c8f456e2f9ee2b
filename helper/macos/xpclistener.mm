#include "helper/macos/xpclistener.h"

#include "core/sink/threadgate.h"
#include "helper/helperconnections.h"
#include "helper/helperlog.h"
#include "helper/macos/clientcheck.h"
#include "helper/macos/exportedhelper.h"
#include "signingidentity.h"

@interface K8sHostsListenerDelegate : NSObject <NSXPCListenerDelegate>
- (instancetype)initWithGate:(std::shared_ptr<ThreadGate>)gate
                 connections:(HelperConnections *)connections
                  executable:(NSString *)executable;
@end

@implementation K8sHostsListenerDelegate {
    std::shared_ptr<ThreadGate> _gate;
    HelperConnections *_connections;
    NSString *_executable;
    quint64 _lastConnection; // the listener calls us on one serial queue
}

- (instancetype)initWithGate:(std::shared_ptr<ThreadGate>)gate
                 connections:(HelperConnections *)connections
                  executable:(NSString *)executable
{
    self = [super init];
    if (self) {
        _gate = std::move(gate);
        _connections = connections;
        _executable = executable;
        _lastConnection = 0;
    }
    return self;
}

- (BOOL)listener:(NSXPCListener *)listener shouldAcceptNewConnection:(NSXPCConnection *)connection
{
    (void)listener;
    // Reject by default: nothing is exported before the caller's signature is checked.
    if (!ClientCheck::prepare(connection)) {
        qCWarning(lcHelper) << "refused a connection from uid" << connection.effectiveUserIdentifier
                            << "pid" << connection.processIdentifier
                            << "(logged only): not signed as k8s-hosts";
        return NO;
    }
    const quint64 number = ++_lastConnection;
    connection.exportedInterface = K8sHostsHelperInterface();
    connection.exportedObject =
        [[K8sHostsExportedHelper alloc] initWithGate:_gate
                                         connections:_connections
                                          connection:number
                                                 uid:connection.effectiveUserIdentifier
                                          executable:_executable];
    std::shared_ptr<ThreadGate> gate = _gate;
    HelperConnections *connections = _connections;
    // The app quit, crashed or was killed: the connection is invalidated and its leases end.
    void (^closed)(void) = ^{
      gate->post([connections, number] { connections->connectionClosed(number); });
    };
    connection.invalidationHandler = closed;
    connection.interruptionHandler = closed;
    gate->post([connections, number] { connections->connectionOpened(number); });
    [connection resume];
    return YES;
}

@end

struct XpcListener::Private
{
    std::shared_ptr<ThreadGate> gate;
    NSXPCListener *listener = nil;
    K8sHostsListenerDelegate *delegate = nil; // NSXPCListener holds its delegate weakly
};

XpcListener::XpcListener(HelperConnections *connections, const QString &executable)
    : d(std::make_unique<Private>())
{
    d->gate = std::make_shared<ThreadGate>(connections);
    d->listener = [[NSXPCListener alloc] initWithMachServiceName:@(SigningIdentity::helperLabel)];
    d->delegate = [[K8sHostsListenerDelegate alloc] initWithGate:d->gate
                                                     connections:connections
                                                      executable:executable.toNSString()];
    d->listener.delegate = d->delegate;
}

XpcListener::~XpcListener()
{
    d->gate->close(); // nothing reaches HelperConnections after this
    [d->listener invalidate];
}

void XpcListener::resume()
{
    [d->listener resume];
}
