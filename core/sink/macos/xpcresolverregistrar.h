#pragma once

#include "core/sink/helperprotocol.h"
#include "core/sink/resolverregistrar.h"
#include "core/sink/xpcfailure.h"

#include <QTimer>

#include <memory>
#include <optional>

// Registers domains through the helper over XPC (macOS): /etc/resolver/<domain>, leased to
// this registrar's own connection, so the helper removes the files when we quit, crash or
// are killed. When the helper wants an administrator's right it asks for one once, as
// XpcHelperSink does; when a connection that held our registrations ends (the helper
// restarted), it says leasesLost().
class XpcResolverRegistrar : public ResolverRegistrar
{
    Q_OBJECT

public:
    explicit XpcResolverRegistrar(QObject *parent = nullptr);
    ~XpcResolverRegistrar() override; // closes the connection: the helper ends our leases

    void registerDomain(const QString &domain, const QString &address, quint16 port,
                        Reply reply) override;
    void unregisterDomain(const QString &domain, Reply reply) override;

private:
    struct Connection; // the NSXPCConnection and the way back to this thread (.mm only)
    struct Call
    {
        bool registering = false;
        QString domain;
        QString address;
        quint16 port = 0;
        Reply reply;
        bool authorized = false; // sent again with an administrator's authorization
    };

    void start(Call call);
    void send();
    void finish(quint64 number, std::optional<XpcFailure::Connection> lost,
                HelperProtocol::Error error, const QString &message);
    void connectionEnded(quint64 generation);

    std::unique_ptr<Connection> m_connection;
    std::optional<Call> m_call; // one at a time: ResolverRegistration waits for each answer
    quint64 m_id = 0;           // the call in flight; answers to older ones are dropped
    QTimer m_timeout;
};
