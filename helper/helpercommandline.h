#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// The command line of both helpers (D-Bus on Linux, XPC on macOS). Only whoever starts the
// helper chooses these (root; launchd and D-Bus activation pass none); no caller can.
struct HelperCommandLine
{
    QString hostsFile;
    QString policyFile;
    QString stateDir;
    QString resolverRoot = QStringLiteral("/"); // prefixes /etc/resolver, /etc/dnsmasq.d, ...
    int writeIntervalMs = 1000;
    int idleTimeoutMs = 30000;

    // --help and --version print and exit, as QCommandLineParser does. A value out of range
    // is nullopt with *error; defaultStateDir differs per system.
    static std::optional<HelperCommandLine> parse(const QStringList &arguments,
                                                  const QString &description,
                                                  const QString &defaultStateDir, QString *error);
};
