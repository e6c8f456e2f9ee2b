#pragma once

#include "core/sink/helperprotocol.h"
#include "core/sink/hostssink.h"
#include "core/sink/xpcfailure.h"

#include <QHash>
#include <QQueue>
#include <QTimer>

#include <memory>
#include <optional>

// Writes our block through the privileged helper over XPC (macOS), with HelperSink's
// contract on Linux: calls go one at a time and are answered in order, the helper takes a
// request whole or not at all, and the block lives as long as this sink's connection unless
// setKeepOnDisconnect(true). The helper must be signed as this build expects
// (SigningIdentity::helperRequirement); XPC checks that on macOS 13 and later.
class XpcHelperSink : public HostsSink
{
    Q_OBJECT

public:
    explicit XpcHelperSink(QObject *parent = nullptr);
    ~XpcHelperSink() override; // closes the connection: the helper ends our leases

    void setKeepOnDisconnect(bool keep) override { m_keepOnDisconnect = keep; }
    bool keepOnDisconnect() const { return m_keepOnDisconnect; }

    void apply(const QString &marker, const HostEntries &entries) override;
    void clear(const QString &marker) override;

    // Nobody is prompted during a call on macOS (approval happens at install time).
    static constexpr int callTimeoutMs = 60 * 1000;

private:
    struct Connection; // the NSXPCConnection and the way back to this thread (.mm only)
    struct Request
    {
        SinkReport::Operation operation;
        QString marker;
        HostEntries entries;
        bool keepOnDisconnect = false; // as set when the call was made
        bool renewal = false;          // re-sent after a helper restart: nobody waits for an answer
        bool authorized = false;       // sent again with an administrator's authorization
    };

    void enqueue(Request request);
    void sendNext();
    // lost: the connection failed; otherwise error and message are the helper's answer.
    void finish(quint64 call, std::optional<XpcFailure::Connection> lost,
                HelperProtocol::Error error, const QString &message);
    // generation: which connection the news is about; older ones are ignored.
    void helperRestarted(quint64 generation);
    void connectionInvalidated(quint64 generation);

    std::unique_ptr<Connection> m_connection;
    QQueue<Request> m_queue;
    bool m_inFlight = false;
    quint64 m_call = 0; // the call in flight; answers to older calls are dropped
    QTimer m_timeout;
    bool m_keepOnDisconnect = false;
    QHash<QString, HostEntries> m_leased; // blocks that live on our leases, by marker
};
