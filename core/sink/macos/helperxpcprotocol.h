#pragma once

// The helper's XPC interface on macOS: the counterpart of io.github.k8shosts.Helper1 on
// D-Bus (docs/helper-protocol.md), with the same operations and the same checks inside the
// helper. One header for both ends, so the app and the helper cannot drift apart.
//
// - Entries travel as one flat array of strings: address, host, comment, address, ...
//   (FlatEntries); the interface admits NSString elements only.
// - A failure is an NSError in the domain HelperProtocol::xpcErrorDomain() whose code is a
//   HelperProtocol::Error and whose localized description is the helper's sentence.
// - Leases: with keepOnDisconnect NO, the helper removes the block when this connection is
//   invalidated (the app quit, crashed or was killed).
// - Authorization: a user who is not an administrator, a block another user wrote, and
//   uninstalling need an administrator's right ("system.privilege.admin"), passed as an
//   AuthorizationExternalForm (nil otherwise). Without it the helper answers
//   HelperProtocol::Error::AuthorizationRequired, and the app asks for one and calls again.

#import <Foundation/Foundation.h>

NS_ASSUME_NONNULL_BEGIN

@protocol K8sHostsHelperProtocol

- (void)setEntries:(NSArray<NSString *> *)entries
           forMarker:(NSString *)marker
    keepOnDisconnect:(BOOL)keepOnDisconnect
       authorization:(nullable NSData *)authorization
               reply:(void (^)(NSError *_Nullable error))reply;

- (void)clearMarker:(NSString *)marker
      authorization:(nullable NSData *)authorization
              reply:(void (^)(NSError *_Nullable error))reply;

- (void)entriesForMarker:(NSString *)marker
                   reply:(void (^)(NSArray<NSString *> *_Nullable entries,
                                   NSError *_Nullable error))reply;

- (void)versionWithReply:(void (^)(NSString *version))reply;

// The system resolver (/etc/resolver/<domain>) sends domain to the local responder on
// address:port (loopback only); leased to this connection unless keepOnDisconnect. Same
// rights as a block. how: "/etc/resolver: /etc/resolver/apps.test".
- (void)registerResolverForDomain:(NSString *)domain
                          address:(NSString *)address
                             port:(NSInteger)port
                 keepOnDisconnect:(BOOL)keepOnDisconnect
                    authorization:(nullable NSData *)authorization
                            reply:
                                (void (^)(NSString *_Nullable how, NSError *_Nullable error))reply;

- (void)unregisterResolverForDomain:(NSString *)domain
                      authorization:(nullable NSData *)authorization
                              reply:(void (^)(NSError *_Nullable error))reply;

// SMJobBless installs only: the helper deletes its own launchd plist and executable from
// /Library (fixed paths), answers, and exits; the app then unloads the job.
- (void)uninstallWithAuthorization:(nullable NSData *)authorization
                             reply:(void (^)(NSError *_Nullable error))reply;

@end

// The interface, with every collection limited to NSArray of NSString, for both ends.
NSXPCInterface *K8sHostsHelperInterface(void);

NS_ASSUME_NONNULL_END
