#include "helper/helpercommandline.h"

#include "core/hosts/namepolicy.h"

#include <QCommandLineParser>

std::optional<HelperCommandLine> HelperCommandLine::parse(const QStringList &arguments,
                                                          const QString &description,
                                                          const QString &defaultStateDir,
                                                          QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption hostsFile(QStringLiteral("hosts-file"),
                                       QStringLiteral("The hosts file to edit (tests)."),
                                       QStringLiteral("path"), QStringLiteral("/etc/hosts"));
    const QCommandLineOption policyFile(QStringLiteral("policy-file"),
                                        QStringLiteral("The name policy file (tests)."),
                                        QStringLiteral("path"), NamePolicy::systemPath());
    const QCommandLineOption stateDir(
        QStringLiteral("state-dir"),
        QStringLiteral("Where the helper keeps who wrote which block, and its leases."),
        QStringLiteral("path"), defaultStateDir);
    const QCommandLineOption writeInterval(
        QStringLiteral("write-interval"),
        QStringLiteral("Milliseconds between two writes of one block (tests)."),
        QStringLiteral("ms"), QStringLiteral("1000"));
    const QCommandLineOption idleTimeout(
        QStringLiteral("idle-timeout"),
        QStringLiteral("Exit after this many seconds without requests or leases (0: never)."),
        QStringLiteral("seconds"), QStringLiteral("30"));
    const QCommandLineOption resolverRoot(
        QStringLiteral("resolver-root"),
        QStringLiteral("The folder the system resolver's files are under (tests)."),
        QStringLiteral("path"), QStringLiteral("/"));
    parser.addOptions({hostsFile, policyFile, stateDir, writeInterval, idleTimeout, resolverRoot});
    parser.process(arguments); // --help, --version and unknown options exit here

    HelperCommandLine line;
    bool numeric = false;
    const int idleSeconds = parser.value(idleTimeout).toInt(&numeric);
    if (!numeric || idleSeconds < 0 || idleSeconds > 86400) {
        *error = QStringLiteral("--idle-timeout takes a number of seconds from 0 to 86400");
        return std::nullopt;
    }
    line.writeIntervalMs = parser.value(writeInterval).toInt(&numeric);
    if (!numeric || line.writeIntervalMs < 0 || line.writeIntervalMs > 60000) {
        *error = QStringLiteral("--write-interval takes milliseconds from 0 to 60000");
        return std::nullopt;
    }
    line.idleTimeoutMs = idleSeconds * 1000;
    line.hostsFile = parser.value(hostsFile);
    line.policyFile = parser.value(policyFile);
    line.stateDir = parser.value(stateDir);
    line.resolverRoot = parser.value(resolverRoot);
    return line;
}
