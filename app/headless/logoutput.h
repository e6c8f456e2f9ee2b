#pragma once

#include <QString>

// Log lines on stderr, as text ("2026-11-21T10:00:00Z info k8shosts.sync: added …") or as
// one JSON object per line for log collectors, with the line's facts as keys (event, host,
// ip, source, context, reason, publisher). --verbose adds the debug lines.
enum class LogStyle
{
    Text,
    Json
};
void installLogOutput(LogStyle style, bool verbose);

// The run's last word when it stops on an error: "k8s-hosts: …" as text, an "error" event
// in JSON.
void reportError(const QString &text);
