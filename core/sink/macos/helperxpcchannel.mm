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

HelperXpcAnswer HelperXpcAnswer::from(NSError *error)
{
    HelperXpcAnswer answer;
    if (!error)
        return answer;
    answer.message = QString::fromNSString(error.localizedDescription);
    if ([error.domain isEqualToString:HelperProtocol::xpcErrorDomain().toNSString()]) {
        const NSInteger code = error.code;
        answer.error = code >= NSInteger(HelperProtocol::Error::NotAuthorized) &&
                               code <= NSInteger(HelperProtocol::Error::AuthorizationRequired)
                           ? HelperProtocol::Error(code)
                           : HelperProtocol::Error::Failed;
        return answer;
    }
    answer.message =
        QStringLiteral("%1 %2").arg(QString::fromNSString(error.domain)).arg(error.code);
    if ([error.domain isEqualToString:NSCocoaErrorDomain]) {
        if (@available(macOS 13.0, *)) {
            if (error.code == NSXPCConnectionCodeSigningRequirementFailure) {
                answer.lost = XpcFailure::Connection::CodeSigning;
                return answer;
            }
        }
        switch (error.code) {
        case NSXPCConnectionInvalid:
            answer.lost = XpcFailure::Connection::Invalid;
            return answer;
        case NSXPCConnectionInterrupted:
            answer.lost = XpcFailure::Connection::Interrupted;
            return answer;
        default:
            break;
        }
    }
    answer.lost = XpcFailure::Connection::BadReply;
    return answer;
}
