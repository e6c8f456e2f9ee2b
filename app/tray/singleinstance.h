#pragma once

#include <QObject>
#include <QPointer>

class QLocalServer;
class QLocalSocket;

// One GUI per user. The first instance listens on a socket in the user's runtime folder
// (private to the user); a later start connects to it, asks it to show its window and
// quits. Asynchronous throughout: start() is answered by primary() or secondary().
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(QString socketPath, QObject *parent = nullptr);
    ~SingleInstance() override;

    // $XDG_RUNTIME_DIR/k8s-hosts.socket (or Qt's per-user fallback).
    static QString defaultSocketPath();

    void start();
    QString socketPath() const { return m_path; }

Q_SIGNALS:
    void primary();             // no other instance: carry on, we now answer later starts
    void secondary();           // the running instance was asked to show itself: quit
    void activationRequested(); // (primary) a later start wants the window shown

private:
    void probe();
    void onProbeFailed();
    void listen();
    void onNewConnection();

    QString m_path;
    QPointer<QLocalSocket> m_probe;
    QLocalServer *m_server = nullptr;
    int m_attempts = 0;
};
