#pragma once

#include <QDBusConnection>
#include <QMap>
#include <QObject>

#include <functional>

class QDBusMessage;

struct Authorization
{
    bool allowed = false;
    uint uid = 0;   // the caller's uid, as the bus daemon reports it
    QString denial; // why not, as a sentence for the caller
};

// Decides whether the sender of a call may perform a polkit action. The caller is named by
// its unique bus name (a "system-bus-name" subject, which polkitd resolves itself), never
// by a PID. Asynchronous from end to end; every error, including a missing polkitd, is a
// denial.
class PolkitAuthority : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const Authorization &)>;

    explicit PolkitAuthority(const QDBusConnection &bus, QObject *parent = nullptr);

    // First asks the bus for the sender's uid (root needs no polkit), then polkit, with
    // AllowUserInteraction so the session's agent can ask for a password.
    void check(const QString &sender, const QString &action, const QMap<QString, QString> &details,
               Callback done);

    // A person may take a while to type a password.
    static constexpr int checkTimeoutMs = 5 * 60 * 1000;

private:
    void askPolkit(const QString &sender, const QString &action,
                   const QMap<QString, QString> &details, uint uid, Callback done);
    static Authorization interpret(const QDBusMessage &reply, const QString &action, uint uid);

    QDBusConnection m_bus;
};
