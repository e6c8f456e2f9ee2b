#import "helper/macos/exportedhelper.h"

#include "core/sink/flatentries.h"
#include "core/sink/threadgate.h"
#include "helper/helperconnections.h"
#include "helper/helperlog.h"
#include "helper/macos/callerrights.h"
#include "helper/macos/clientcheck.h"

#include <QStringList>

namespace {

NSError *errorFor(HelperProtocol::Error error, const QString &message)
{
    if (error == HelperProtocol::Error::None)
        return nil;
    return [NSError errorWithDomain:HelperProtocol::xpcErrorDomain().toNSString()
                               code:NSInteger(error)
                           userInfo:@{NSLocalizedDescriptionKey : message.toNSString()}];
}

NSError *errorFor(const HostsKeeper::Outcome &outcome)
{
    return errorFor(outcome.error, outcome.message);
}

NSError *notTrusted()
{
    return errorFor(HelperProtocol::Error::NotAuthorized,
                    QStringLiteral("this program is not signed as k8s-hosts; only the k8s-hosts "
                                   "app may change the hosts file"));
}

NSError *exiting()
{
    return errorFor(HelperProtocol::Error::Failed,
                    QStringLiteral("the helper is exiting; try again (launchd starts it anew)"));
}

} // namespace

@implementation K8sHostsExportedHelper {
    std::shared_ptr<ThreadGate> _gate;
    HelperConnections *_connections;
    quint64 _connection;
    uid_t _uid;
    QString _executable;
}

- (instancetype)initWithGate:(std::shared_ptr<ThreadGate>)gate
                 connections:(HelperConnections *)connections
                  connection:(quint64)connection
                         uid:(uid_t)uid
                  executable:(NSString *)executable
{
    self = [super init];
    if (self) {
        _gate = std::move(gate);
        _connections = connections;
        _connection = connection;
        _uid = uid;
        _executable = QString::fromNSString(executable);
    }
    return self;
}

- (void)setEntries:(NSArray<NSString *> *)entries
           forMarker:(NSString *)marker
    keepOnDisconnect:(BOOL)keepOnDisconnect
       authorization:(nullable NSData *)authorization
               reply:(void (^)(NSError *_Nullable error))reply
{
    if (!ClientCheck::stillTrusted(NSXPCConnection.currentConnection)) {
        reply(notTrusted());
        return;
    }
    // An oversized array is not converted at all; the helper refuses it as an overflow.
    const qsizetype count = qsizetype(entries.count);
    QStringList fields;
    if (count <= FlatEntries::maxFields()) {
        fields.reserve(count);
        for (id field in entries) {
            if (![field isKindOfClass:[NSString class]])
                break; // the interface admits strings only; a short list is refused below
            fields.append(QString::fromNSString(field));
        }
    }
    const QString markerText = QString::fromNSString(marker);
    HelperConnections *connections = _connections;
    const quint64 connection = _connection;
    const uint uid = _uid;
    const bool keep = keepOnDisconnect;
    const CallerRights rights = CallerRightsOf(_uid, authorization);
    if (!_gate->post([=] {
            // The reply may come a moment later: one block is written once a second at most.
            connections->setEntries(
                connection, uid, rights, markerText, count, fields, keep,
                [reply](const HostsKeeper::Outcome &outcome) { reply(errorFor(outcome)); });
        }))
        reply(exiting());
}

- (void)clearMarker:(NSString *)marker
      authorization:(nullable NSData *)authorization
              reply:(void (^)(NSError *_Nullable error))reply
{
    if (!ClientCheck::stillTrusted(NSXPCConnection.currentConnection)) {
        reply(notTrusted());
        return;
    }
    const QString markerText = QString::fromNSString(marker);
    HelperConnections *connections = _connections;
    const quint64 connection = _connection;
    const uint uid = _uid;
    const CallerRights rights = CallerRightsOf(_uid, authorization);
    if (!_gate->post(
            [=] { reply(errorFor(connections->clear(connection, uid, rights, markerText))); }))
        reply(exiting());
}

- (void)entriesForMarker:(NSString *)marker
                   reply:(void (^)(NSArray<NSString *> *_Nullable entries,
                                   NSError *_Nullable error))reply
{
    if (!ClientCheck::stillTrusted(NSXPCConnection.currentConnection)) {
        reply(nil, notTrusted());
        return;
    }
    const QString markerText = QString::fromNSString(marker);
    HelperConnections *connections = _connections;
    if (!_gate->post([=] {
            const HostsKeeper::Outcome outcome = connections->entries(markerText);
            if (!outcome.ok()) {
                reply(nil, errorFor(outcome));
                return;
            }
            NSMutableArray<NSString *> *array = [NSMutableArray array];
            for (const QString &field : FlatEntries::encode(outcome.entries))
                [array addObject:field.toNSString()];
            reply(array, nil);
        }))
        reply(nil, exiting());
}

- (void)versionWithReply:(void (^)(NSString *version))reply
{
    // The version is not a secret, but an untrusted caller gets nothing at all.
    if (!ClientCheck::stillTrusted(NSXPCConnection.currentConnection)) {
        reply(@"");
        return;
    }
    reply(HelperConnections::version().toNSString());
}

- (void)registerResolverForDomain:(NSString *)domain
                          address:(NSString *)address
                             port:(NSInteger)port
                 keepOnDisconnect:(BOOL)keepOnDisconnect
                    authorization:(nullable NSData *)authorization
                            reply:(void (^)(NSString *_Nullable how, NSError *_Nullable error))reply
{
    if (!ClientCheck::stillTrusted(NSXPCConnection.currentConnection)) {
        reply(nil, notTrusted());
        return;
    }
    if (port <= 0 || port > 65535) {
        reply(nil, errorFor(HelperProtocol::Error::InvalidArgument,
                            QStringLiteral("%1 is not a port; nothing was registered").arg(port)));
        return;
    }
    const QString domainText = QString::fromNSString(domain);
    const QString addressText = QString::fromNSString(address);
    const auto portNumber = quint16(port);
    HelperConnections *connections = _connections;
    const quint64 connection = _connection;
    const uint uid = _uid;
    const bool keep = keepOnDisconnect;
    const CallerRights rights = CallerRightsOf(_uid, authorization);
    if (!_gate->post([=] {
            const HostsKeeper::Outcome outcome = connections->registerResolver(
                connection, uid, rights, domainText, addressText, portNumber, keep);
            reply(outcome.ok() ? outcome.message.toNSString() : nil, errorFor(outcome));
        }))
        reply(nil, exiting());
}

- (void)unregisterResolverForDomain:(NSString *)domain
                      authorization:(nullable NSData *)authorization
                              reply:(void (^)(NSError *_Nullable error))reply
{
    if (!ClientCheck::stillTrusted(NSXPCConnection.currentConnection)) {
        reply(notTrusted());
        return;
    }
    const QString domainText = QString::fromNSString(domain);
    HelperConnections *connections = _connections;
    const quint64 connection = _connection;
    const uint uid = _uid;
    const CallerRights rights = CallerRightsOf(_uid, authorization);
    if (!_gate->post([=] {
            reply(errorFor(connections->unregisterResolver(connection, uid, rights, domainText)));
        }))
        reply(exiting());
}

- (void)uninstallWithAuthorization:(nullable NSData *)authorization
                             reply:(void (^)(NSError *_Nullable error))reply
{
    if (!ClientCheck::stillTrusted(NSXPCConnection.currentConnection)) {
        reply(notTrusted());
        return;
    }
    HelperConnections *connections = _connections;
    const uint uid = _uid;
    const QString executable = _executable;
    const CallerRights rights = CallerRightsOf(_uid, authorization);
    if (!_gate->post([=] {
            const HostsKeeper::Outcome outcome =
                connections->removeLegacyInstall(uid, rights, executable);
            if (outcome.ok())
                qCInfo(lcHelper) << "removed the SMJobBless install; launchd stops us next";
            reply(errorFor(outcome));
        }))
        reply(exiting());
}

@end
