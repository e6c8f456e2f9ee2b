#pragma once

// Log lines on stderr, as text ("2026-11-21T10:00:00Z info k8shosts.sync: added …") or as
// one JSON object per line for log collectors. --verbose adds the debug lines.
enum class LogStyle
{
    Text,
    Json
};
void installLogOutput(LogStyle style, bool verbose);
