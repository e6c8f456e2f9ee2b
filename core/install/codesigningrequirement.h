#pragma once

#include <QString>

#include <optional>

// The code-signing requirement one side of the macOS helper demands of the other, in
// Apple's requirement language. The helper checks the app with it on every XPC connection
// (and SMJobBless checks SMAuthorizedClients); the app checks the helper with it before
// blessing it (SMPrivilegedExecutables) and on its connection. Built at build time from the
// signing identity by k8s-hosts-macos-files, so no file in the bundle is edited by hand.
class CodeSigningRequirement
{
public:
    struct Identity
    {
        QString identifier;     // the signing identifier: the bundle id or the helper's label
        QString teamId;         // 10 characters of A-Z and 0-9; empty: an ad-hoc (local) build
        QString minimumVersion; // CFBundleShortVersionString at least this; empty: any
    };

    // Nothing, and the reason in *error, for an identity that would not make a sound
    // requirement: every value is checked, so none can change the requirement's meaning.
    static std::optional<QString> build(const Identity &identity, QString *error);

    static bool isValidTeamId(QStringView teamId);
    static bool isValidIdentifier(QStringView identifier);
    static bool isValidVersion(QStringView version);
};
