#pragma once

#include <QDBusConnection>
#include <QMap>
#include <QObject>

#include <functional>
#include <optional>

class QDBusMessage;

struct Authorization
{
    bool allowed = false;
    uint uid = 0;   // the caller's uid, as the bus daemon reports it
    QString denial; // why not, as a sentence for the caller
    // polkit wants a password, and the caller's message did not allow asking for one.
    bool interactionRequired = false;
};

// Decides whether the sender of a call may perform a polkit action. The caller is named by
// its unique bus name (a "system-bus-name" subject, which polkitd resolves itself), never
// by a PID. Asynchronous from end to end; every error, including a missing polkitd, is a
// denial. A check may be cancelled (its caller left), and asks for a password only when the
// caller's message allows interaction.
class PolkitAuthority : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const Authorization &)>;

    explicit PolkitAuthority(const QDBusConnection &bus, QObject *parent = nullptr);

    // The caller's uid as the bus daemon knows it, or the reason it is unknown.
    void identify(const QString &sender,
                  const std::function<void(std::optional<uint> uid, const QString &error)> &done);
    // Whether the caller runs in an active login session (logind); false when that cannot be
    // told. A prompt outside one has nobody in front of it, so it is given less time.
    void inActiveSession(const QString &sender, const std::function<void(bool)> &done);

    struct Check
    {
        QString sender;
        uint uid = 0;
        QString action;
        QMap<QString, QString> details;
        bool interactive = false; // the message's ALLOW_INTERACTIVE_AUTHORIZATION flag
        int timeoutMs = checkTimeoutMs;
    };
    // Root needs no polkit. Returns the check's cancellation id.
    QString authorize(const Check &check, const Callback &done);
    // The caller left: polkit stops waiting for a password nobody will type.
    void cancel(const QString &cancellationId);

    // A person may take a while to type a password.
    static constexpr int checkTimeoutMs = 5 * 60 * 1000;
    // ... unless nobody is in front of the session.
    static constexpr int inactiveCheckTimeoutMs = 30 * 1000;

private:
    static Authorization interpret(const QDBusMessage &reply, const Check &check);

    QDBusConnection m_bus;
    quint64 m_nextCheck = 0;
};
