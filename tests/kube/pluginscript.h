#pragma once

#include <QByteArray>
#include <QString>

// Writes small /bin/sh credential plugins for tests. Each run appends a line to
// <dir>/runs, so a test can count how often a plugin ran.
class PluginScript
{
public:
    // An executable script `name` in `dir` with `body` after the shebang and the run counter.
    static QString write(const QString &dir, const QString &name, const QByteArray &body);
    static int runs(const QString &dir);

    // A body that prints an ExecCredential of `apiVersion` with token "<prefix>-<run number>"
    // and, when `expiry` is not empty, that expirationTimestamp.
    static QByteArray tokenBody(const QByteArray &apiVersion, const QByteArray &prefix,
                                const QByteArray &expiry = QByteArray());
};
