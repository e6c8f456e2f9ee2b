#include "core/sink/macos/xpcresolverregistrar.h"

#include "core/sink/macos/adminauthorization.h"
#include "core/sink/macos/helperxpcchannel.h"
#import "core/sink/macos/helperxpcprotocol.h"
#include "core/sink/macos/xpchelpersink.h"

#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcXpcRegistrar, "k8shosts.resolver.registration", QtInfoMsg)

// Made on the first call, and again after it ends. leased: the domains registered on this
// connection, which its end takes with it.
struct XpcResolverRegistrar::Connection : HelperXpcChannel
{
    quint64 generation = 0;
    QSet<QString> leased;
    NSData *authorization = nil; // an administrator's right, once the helper asked for one
};

XpcResolverRegistrar::XpcResolverRegistrar(QObject *parent)
    : ResolverRegistrar(parent)
    , m_connection(std::make_unique<Connection>())
{
    m_connection->gate = std::make_shared<ThreadGate>(this);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(XpcHelperSink::callTimeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(m_id, XpcFailure::Connection::TimedOut, HelperProtocol::Error::None, {});
    });
}

XpcResolverRegistrar::~XpcResolverRegistrar()
{
    m_connection->gate->close();
    [m_connection->xpc invalidate];
}

void XpcResolverRegistrar::registerDomain(const QString &domain, const QString &address,
                                          quint16 port, Reply reply)
{
    start({true, domain, address, port, std::move(reply)});
}

void XpcResolverRegistrar::unregisterDomain(const QString &domain, Reply reply)
{
    start({false, domain, {}, 0, std::move(reply)});
}

// Sent at once, so the call belongs to the connection of this moment: if that connection
// ends, leasesLost() covers the call too. The answer still comes later, through the gate.
void XpcResolverRegistrar::start(Call call)
{
    m_call = std::move(call);
    send();
}

void XpcResolverRegistrar::send()
{
    @autoreleasepool {
        const quint64 number = ++m_id;
        m_timeout.start();
        std::shared_ptr<ThreadGate> gate = m_connection->gate;
        if (!m_connection->xpc) {
            NSXPCConnection *xpc = HelperXpcChannel::newConnection();
            const quint64 generation = ++m_connection->generation;
            m_connection->leased.clear();
            xpc.interruptionHandler = ^{
              gate->post([this, generation] { connectionEnded(generation); });
            };
            xpc.invalidationHandler = ^{
              gate->post([this, generation] { connectionEnded(generation); });
            };
            [xpc resume];
            m_connection->xpc = xpc;
        }
        void (^answer)(NSError *) = ^(NSError *error) {
          const HelperXpcAnswer result = HelperXpcAnswer::from(error);
          gate->post([this, number, result] {
              finish(number, result.lost, result.error, result.message);
          });
        };
        id<K8sHostsHelperProtocol> helper =
            [m_connection->xpc remoteObjectProxyWithErrorHandler:answer];
        const Call &call = *m_call;
        if (call.registering) {
            [helper registerResolverForDomain:call.domain.toNSString()
                                      address:call.address.toNSString()
                                         port:NSInteger(call.port)
                             keepOnDisconnect:NO
                                authorization:m_connection->authorization
                                        reply:^(NSString *how, NSError *error) {
                                          const HelperXpcAnswer result =
                                              HelperXpcAnswer::from(error);
                                          const QString text = QString::fromNSString(how);
                                          gate->post([this, number, result, text] {
                                              finish(number, result.lost, result.error,
                                                     result.error == HelperProtocol::Error::None
                                                         ? text
                                                         : result.message);
                                          });
                                        }];
        } else {
            [helper unregisterResolverForDomain:call.domain.toNSString()
                                  authorization:m_connection->authorization
                                          reply:answer];
        }
    }
}

// message: the helper's sentence on failure, its "how" on a registration that worked.
void XpcResolverRegistrar::finish(quint64 number, std::optional<XpcFailure::Connection> lost,
                                  HelperProtocol::Error error, const QString &message)
{
    if (!m_call || number != m_id)
        return; // a late answer to a call that already timed out
    m_timeout.stop();
    // The helper wants an administrator's right (a user who is not one): ask once, with the
    // system's prompt off the GUI thread, and call again.
    if (error == HelperProtocol::Error::AuthorizationRequired && !m_call->authorized) {
        m_call->authorized = true;
        AskAdminAuthorization(
            m_connection->gate, [this, number, message](NSData *form, const QString &why) {
                if (number != m_id)
                    return;
                if (!form) {
                    finish(number, std::nullopt, HelperProtocol::Error::AuthorizationRequired,
                           message + QStringLiteral("; ") + why);
                    return;
                }
                m_connection->authorization = form;
                send();
            });
        return;
    }
    Call call = std::move(*m_call);
    m_call.reset();
    Answer answer;
    if (lost)
        answer.error = XpcFailure::describe(*lost, message);
    else if (error != HelperProtocol::Error::None)
        answer.error = XpcFailure::describeRegistration(error, message);
    else if (call.registering)
        answer.how = message;
    if (call.registering && answer.error.isEmpty())
        m_connection->leased.insert(call.domain);
    else if (!call.registering)
        m_connection->leased.remove(call.domain); // whatever the answer: not ours to renew
    if (!answer.error.isEmpty())
        qCInfo(lcXpcRegistrar).noquote() << "the helper call failed:" << answer.error;
    call.reply(answer);
}

void XpcResolverRegistrar::connectionEnded(quint64 generation)
{
    if (generation != m_connection->generation || !m_connection->xpc)
        return;
    // Interrupted (the helper exited) or invalidated: either way the helper ended the
    // leases of this connection. A new one is made on the next call (Apple's advice after an
    // interruption); what it held must be made again.
    const bool held = !m_connection->leased.isEmpty();
    m_connection->close();
    m_connection->leased.clear();
    if (held) {
        qCInfo(lcXpcRegistrar) << "the helper connection ended; registering again";
        Q_EMIT leasesLost();
    }
}
