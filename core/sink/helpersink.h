#pragma once

#include "core/sink/hostssink.h"

#include <QDBusConnection>
#include <QQueue>

class QDBusPendingCallWatcher;

// Writes our block through the privileged helper on the system bus (Linux). Calls are
// asynchronous and sent one at a time, so results arrive in the order they were asked for;
// the first write may wait for the user to answer a polkit password prompt.
class HelperSink : public HostsSink
{
    Q_OBJECT

public:
    explicit HelperSink(const QDBusConnection &bus = QDBusConnection::systemBus(),
                        QObject *parent = nullptr);

    // false (the default): the helper removes our block when this process disconnects
    // from the bus, even after a crash or SIGKILL. true: the entries stay after we quit.
    void setKeepOnDisconnect(bool keep) override { m_keepOnDisconnect = keep; }
    bool keepOnDisconnect() const { return m_keepOnDisconnect; }

    void apply(const QString &marker, const HostEntries &entries) override;
    void clear(const QString &marker) override;

    // The helper is running or can be started on this bus (its package is installed).
    static bool isInstalled(const QDBusConnection &bus);

    // How long a call may take, including the time a person needs for the password prompt.
    static constexpr int callTimeoutMs = 6 * 60 * 1000;

private:
    struct Request
    {
        SinkReport::Operation operation;
        QString marker;
        HostEntries entries;
    };

    void sendNext();
    void handleReply(QDBusPendingCallWatcher *watcher);
    static SinkReport::Failure classify(const QString &errorName);
    static bool isPermanent(SinkReport::Failure failure, const QString &errorName);
    static QString describe(SinkReport::Failure failure, const QString &errorName,
                            const QString &message);

    QDBusConnection m_bus;
    bool m_keepOnDisconnect = false;
    QQueue<Request> m_queue;
    bool m_inFlight = false;
};
