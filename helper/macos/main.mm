// io.github.k8shosts.Helper: the privileged half of k8s-hosts on macOS. launchd starts it
// as root when the app first messages its Mach service, and it exits when idle. It owns
// k8s-hosts' marked blocks in /etc/hosts (the file behind /private/etc/hosts) and nothing
// else; docs/macos.md describes its security model.
#include "core/hosts/namepolicy.h"
#include "helper/helperconnections.h"
#include "helper/helperlog.h"
#include "helper/macos/clientcheck.h"
#include "helper/macos/xpclistener.h"
#include "signingidentity.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <unistd.h>

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "%s: %s\n", SigningIdentity::helperLabel, qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QString::fromUtf8(SigningIdentity::helperLabel));
    QCoreApplication::setApplicationVersion(QStringLiteral(K8S_HOSTS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Privileged XPC service that owns k8s-hosts' blocks in the hosts file. "
                       "Started by launchd as root; not meant to be run by hand."));
    parser.addHelpOption();
    parser.addVersionOption();
    // launchd passes no arguments; only root running it by hand chooses these.
    const QCommandLineOption hostsFile(QStringLiteral("hosts-file"),
                                       QStringLiteral("The hosts file to edit (tests)."),
                                       QStringLiteral("path"), QStringLiteral("/etc/hosts"));
    const QCommandLineOption policyFile(QStringLiteral("policy-file"),
                                        QStringLiteral("The name policy file (tests)."),
                                        QStringLiteral("path"), NamePolicy::systemPath());
    const QCommandLineOption idleTimeout(
        QStringLiteral("idle-timeout"),
        QStringLiteral("Exit after this many seconds without requests or leases (0: never)."),
        QStringLiteral("seconds"), QStringLiteral("30"));
    parser.addOptions({hostsFile, policyFile, idleTimeout});
    parser.process(app);

    bool numeric = false;
    const int idleSeconds = parser.value(idleTimeout).toInt(&numeric);
    if (!numeric || idleSeconds < 0 || idleSeconds > 86400)
        return fail(QStringLiteral("--idle-timeout takes a number of seconds from 0 to 86400"));
    if (::geteuid() != 0)
        return fail(QStringLiteral("must run as root; launchd starts it when k8s-hosts needs it"));
    QString error;
    if (!ClientCheck::requirementIsValid(&error))
        return fail(error);
    if (SigningIdentity::adHoc)
        qCWarning(lcHelper) << "ad-hoc build: any program signed with the identifier"
                            << SigningIdentity::appId << "may use this helper";

    HelperConnections::Options options;
    options.hostsFile = parser.value(hostsFile);
    options.policyFile = parser.value(policyFile);
    options.idleTimeoutMs = idleSeconds * 1000;
    options.stateDir = QStringLiteral("/var/db/k8s-hosts"); // macOS keeps daemons' state there
    options.label = QString::fromUtf8(SigningIdentity::helperLabel);
    HelperConnections connections(options);
    XpcListener listener(&connections, QCoreApplication::applicationFilePath());
    QObject::connect(&connections, &HelperConnections::idle, &app, &QCoreApplication::quit);
    listener.resume();
    qCInfo(lcHelper).noquote() << "serving" << options.hostsFile << "as"
                               << SigningIdentity::helperLabel;
    return app.exec();
}
