#pragma once

#include "core/sink/helperprotocol.h"
#include "core/sink/hostssink.h"

// What a failed call to the macOS helper means for the user: the helper's own errors
// (HelperProtocol::Error with its sentence) and XPC's connection errors, turned into a
// SinkReport failure and a sentence with the fix. Plain C++, so every sentence is tested.
namespace XpcFailure {

enum class Connection
{
    Invalid,     // no such service (not installed or not approved), or we were refused
    Interrupted, // the helper exited or crashed during the call
    CodeSigning, // the helper's signature does not match what this app expects
    TimedOut,    // no answer within the sink's deadline
    BadReply,    // the reply did not decode (a helper from another build)
};

SinkReport::Failure classify(HelperProtocol::Error error);
QString describe(HelperProtocol::Error error, const QString &message);

// The same for a registration of the local resolver's domain: the notice's sentence.
QString describeRegistration(HelperProtocol::Error error, const QString &message);

SinkReport::Failure classify(Connection error);
QString describe(Connection error, const QString &detail);

// Whether retrying on its own can help: a helper that is missing, refuses us or is signed
// by someone else stays so until the user acts.
bool isPermanent(HelperProtocol::Error error);
bool isPermanent(Connection error);

} // namespace XpcFailure
