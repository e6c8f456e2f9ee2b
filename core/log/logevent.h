#pragma once

#include <QLoggingCategory>
#include <QString>

// The facts of a log line, for machines: `--log-format json` prints them as keys beside the
// message; the text log prints only the message, which says the same in words.
struct LogFields
{
    QString event; // added, removed, not-written, retrying, failed, …
    QString host;
    QString ip;
    QString source; // context/namespace/Kind/name
    QString context;
    QString reason;
    QString publisher; // hosts file, …
};

// Logs message in category at level, with fields attached to this one line.
void logEvent(const QLoggingCategory &category, QtMsgType level, const QString &message,
              const LogFields &fields);

// The fields of the line being logged right now, for the message handler; null for lines
// logged without any.
const LogFields *currentLogFields();

// Text from outside — an API server's Status message, an exec plugin's stderr — made safe
// to log and to show: control characters and line breaks escaped (a message cannot forge a
// log line or drive the terminal), and credentials redacted (a server that echoes the
// Authorization header, a plugin that prints a refresh token).
QString untrusted(QStringView text);
