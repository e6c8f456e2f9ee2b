#pragma once

#include <QString>

@class NSXPCConnection;

// Accepts an XPC connection only from our signed app (SigningIdentity::appRequirement):
// by code signature on the connection's audit token, never by process id. On macOS 13 and
// later the system checks every message against the requirement; before, the code behind
// the audit token is checked when the connection opens and again on every call.
namespace ClientCheck {

// The generated requirement compiles; checked once at start, since a malformed one would
// make setCodeSigningRequirement: throw on the first connection.
bool requirementIsValid(QString *error);

// Before the connection is resumed: false to refuse it.
bool prepare(NSXPCConnection *connection);

// In every exported method: false when the caller no longer satisfies the requirement.
bool stillTrusted(NSXPCConnection *connection);

} // namespace ClientCheck
