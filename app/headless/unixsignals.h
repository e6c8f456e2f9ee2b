#pragma once

#include <QObject>

class QSocketNotifier;

// SIGTERM, SIGINT and SIGHUP delivered as a Qt signal on the event loop (self-pipe), so a
// handler can run normal code: clear our block, stop the child, exit.
class UnixSignals : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

    // Holds SIGTERM, SIGINT and SIGHUP back (pending, also across exec) until a UnixSignals
    // takes them over, so a Ctrl-C in the first milliseconds still ends in our cleanup.
    static void holdBack();
    // Lets them through again with their default action, for modes without an event loop.
    static void release();

Q_SIGNALS:
    void received(int signal);

private:
    QSocketNotifier *m_notifier;
};
