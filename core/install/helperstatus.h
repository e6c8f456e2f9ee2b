#pragma once

#include <QMetaType>
#include <QString>

#include <optional>

// Where the privileged helper stands on this Mac, and the one sentence that tells the
// user what to do about it. The decision is plain C++ (tested on every platform); the
// HelperInstaller implementations only find out the facts it needs.
struct HelperStatus
{
    enum class State
    {
        Unknown,          // not asked yet
        NotInstalled,     // install() will ask for approval and an administrator
        RequiresApproval, // registered; waits for System Settings › Login Items
        Ready,            // installed, answering, the version this app ships
        NeedsUpgrade,     // installed but older than this app's: install() upgrades it
        NewerInstalled,   // installed and newer than this app: update the app
        NotResponding,    // registered but did not answer
        Unsupported,      // this build cannot install a helper on this macOS
        Failed,           // the last operation failed; message says why
    };

    // What the system reports about the helper's registration.
    enum class Registration
    {
        NotRegistered,
        RequiresApproval,
        Enabled,
        NotFound, // the launchd plist is missing from the app bundle
    };

    State state = State::Unknown;
    QString message;        // a sentence with the fix; empty when Ready
    QString runningVersion; // what the helper answered, if it did

    bool ready() const { return state == State::Ready; }

    // running: the helper's answer to Version, nothing when it did not answer (or was not
    // asked because it is not registered).
    static HelperStatus assess(Registration registration, const std::optional<QString> &running,
                               const QString &bundledVersion);
    static HelperStatus unsupported(const QString &why);
    static HelperStatus failed(const QString &what);

    // -1, 0, 1 like strcmp; nothing when either is not one to three numbers like 1.2.0.
    static std::optional<int> compareVersions(const QString &a, const QString &b);
};

Q_DECLARE_METATYPE(HelperStatus)
