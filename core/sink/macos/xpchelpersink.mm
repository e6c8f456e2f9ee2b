#include "core/sink/macos/xpchelpersink.h"

#include "core/sink/flatentries.h"
#include "core/sink/macos/adminauthorization.h"
#include "core/sink/macos/helperxpcchannel.h"
#import "core/sink/macos/helperxpcprotocol.h"

#include <QLoggingCategory>

#include <algorithm>
#include <optional>

Q_LOGGING_CATEGORY(lcSink, "k8shosts.sink", QtInfoMsg)

// XPC answers on its own queues; the gate brings the answers to the sink's thread, or
// drops them once the sink is gone.
// The connection is made on the first call, and again after it ends.
struct XpcHelperSink::Connection : HelperXpcChannel
{
    quint64 generation = 0;      // counts the connections made
    NSData *authorization = nil; // an administrator's right, once the helper asked for one
};

XpcHelperSink::XpcHelperSink(QObject *parent)
    : HostsSink(parent)
    , m_connection(std::make_unique<Connection>())
{
    m_connection->gate = std::make_shared<ThreadGate>(this);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(callTimeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(m_call, XpcFailure::Connection::TimedOut, HelperProtocol::Error::None, {});
    });
}

XpcHelperSink::~XpcHelperSink()
{
    m_connection->gate->close();
    [m_connection->xpc invalidate];
}

void XpcHelperSink::apply(const QString &marker, const HostEntries &entries)
{
    enqueue({SinkReport::Operation::Apply, marker, entries, m_keepOnDisconnect});
}

void XpcHelperSink::clear(const QString &marker)
{
    enqueue({SinkReport::Operation::Clear, marker, {}});
}

void XpcHelperSink::enqueue(Request request)
{
    m_queue.enqueue(std::move(request));
    if (!m_inFlight)
        QTimer::singleShot(0, this, &XpcHelperSink::sendNext); // answer after the caller returns
    m_inFlight = true;
}

void XpcHelperSink::sendNext()
{
    @autoreleasepool {
        const Request &request = m_queue.head();
        const quint64 call = ++m_call;
        m_timeout.start();
        std::shared_ptr<ThreadGate> gate = m_connection->gate;
        if (!m_connection->xpc) {
            NSXPCConnection *xpc = HelperXpcChannel::newConnection();
            const quint64 generation = ++m_connection->generation;
            xpc.interruptionHandler = ^{
              gate->post([this, generation] { helperRestarted(generation); });
            };
            xpc.invalidationHandler = ^{
              gate->post([this, generation] { connectionInvalidated(generation); });
            };
            [xpc resume];
            m_connection->xpc = xpc;
        }
        void (^answer)(NSError *_Nullable) = ^(NSError *_Nullable error) {
          const HelperXpcAnswer result = HelperXpcAnswer::from(error);
          gate->post(
              [this, call, result] { finish(call, result.lost, result.error, result.message); });
        };
        id<K8sHostsHelperProtocol> helper =
            [m_connection->xpc remoteObjectProxyWithErrorHandler:answer];
        NSString *marker = request.marker.toNSString();
        qCDebug(lcSink) << "calling the helper:" << int(request.operation) << request.marker
                        << request.entries.size() << "entries";
        if (request.operation == SinkReport::Operation::Apply) {
            const QStringList fields = FlatEntries::encode(request.entries);
            NSMutableArray<NSString *> *array = [NSMutableArray arrayWithCapacity:fields.size()];
            for (const QString &field : fields)
                [array addObject:field.toNSString()];
            [helper setEntries:array
                       forMarker:marker
                keepOnDisconnect:request.keepOnDisconnect
                   authorization:m_connection->authorization
                           reply:answer];
        } else {
            [helper clearMarker:marker authorization:m_connection->authorization reply:answer];
        }
    }
}

void XpcHelperSink::finish(quint64 call, std::optional<XpcFailure::Connection> lost,
                           HelperProtocol::Error error, const QString &message)
{
    if (!m_inFlight || call != m_call || m_queue.isEmpty())
        return; // a late answer to a call that already timed out
    m_timeout.stop();
    // The helper wants an administrator's right (a user who is not one, another user's
    // block): ask once, with the system's prompt off the GUI thread, and call again.
    if (error == HelperProtocol::Error::AuthorizationRequired && !m_queue.head().authorized) {
        m_queue.head().authorized = true;
        AskAdminAuthorization(
            m_connection->gate, [this, call, message](NSData *form, const QString &why) {
                if (call != m_call)
                    return;
                if (!form) {
                    finish(call, std::nullopt, HelperProtocol::Error::AuthorizationRequired,
                           message + QStringLiteral("; ") + why);
                    return;
                }
                m_connection->authorization = form;
                sendNext();
            });
        return;
    }
    const Request request = m_queue.dequeue();
    SinkReport report;
    report.operation = request.operation;
    report.marker = request.marker;
    if (lost) {
        report.failure = XpcFailure::classify(*lost);
        report.error = XpcFailure::describe(*lost, message);
        report.permanent = XpcFailure::isPermanent(*lost);
    } else if (error != HelperProtocol::Error::None) {
        report.failure = XpcFailure::classify(error);
        report.error = XpcFailure::describe(error, message);
        report.permanent = XpcFailure::isPermanent(error);
    } else if (request.operation == SinkReport::Operation::Apply) {
        report.current = request.entries; // the helper takes a request whole or not at all
        std::sort(report.current.begin(), report.current.end());
        if (request.keepOnDisconnect)
            m_leased.remove(request.marker);
        else
            m_leased.insert(request.marker, request.entries);
    } else {
        m_leased.remove(request.marker);
    }
    if (!report.ok())
        qCInfo(lcSink).noquote() << "the helper call failed:" << report.error;
    m_inFlight = !m_queue.isEmpty();
    if (m_inFlight)
        sendNext();
    if (!request.renewal)
        Q_EMIT finished(report);
}

void XpcHelperSink::helperRestarted(quint64 generation)
{
    if (generation != m_connection->generation)
        return;
    // The helper exited (a crash, an upgrade): its leases went with it, so the blocks that
    // live on ours would stay after we quit. A new connection (Apple's advice after an
    // interruption) sets them again and takes the leases anew.
    m_connection->close();
    qCInfo(lcSink) << "the helper restarted; renewing" << m_leased.size() << "leases";
    for (auto it = m_leased.cbegin(); it != m_leased.cend(); ++it)
        enqueue({SinkReport::Operation::Apply, it.key(), it.value(), false, true});
}

void XpcHelperSink::connectionInvalidated(quint64 generation)
{
    // Not usable again; the next call opens a new connection (launchd may start the helper).
    if (generation == m_connection->generation)
        m_connection->xpc = nil;
}
