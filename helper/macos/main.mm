// io.github.k8shosts.Helper: the privileged half of k8s-hosts on macOS. launchd starts it
// as root when the app first messages its Mach service, and it exits when idle. It owns
// k8s-hosts' marked blocks in /etc/hosts (the file behind /private/etc/hosts) and nothing
// else; docs/macos.md describes its security model.
#include "helper/helpercommandline.h"
#include "helper/helperconnections.h"
#include "helper/helperlog.h"
#include "helper/macos/clientcheck.h"
#include "helper/macos/xpclistener.h"
#include "signingidentity.h"

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

    QString error;
    // launchd passes no arguments; only root running it by hand chooses these.
    const auto line = HelperCommandLine::parse(
        app.arguments(),
        QStringLiteral("Privileged XPC service that owns k8s-hosts' blocks in the hosts file. "
                       "Started by launchd as root; not meant to be run by hand."),
        QStringLiteral("/var/db/k8s-hosts"), // macOS keeps daemons' state there
        &error);
    if (!line)
        return fail(error);
    if (::geteuid() != 0)
        return fail(QStringLiteral("must run as root; launchd starts it when k8s-hosts needs it"));
    if (!ClientCheck::requirementIsValid(&error))
        return fail(error);
    if (SigningIdentity::adHoc)
        qCWarning(lcHelper) << "ad-hoc build: any program signed with the identifier"
                            << SigningIdentity::appId << "may use this helper";

    HelperConnections::Options options;
    options.hostsFile = line->hostsFile;
    options.policyFile = line->policyFile;
    options.stateDir = line->stateDir;
    options.idleTimeoutMs = line->idleTimeoutMs;
    options.writeIntervalMs = line->writeIntervalMs;
    options.label = QString::fromUtf8(SigningIdentity::helperLabel);
    HelperConnections connections(options);
    XpcListener listener(&connections, QCoreApplication::applicationFilePath());
    QObject::connect(&connections, &HelperConnections::idle, &app, &QCoreApplication::quit);
    listener.resume();
    qCInfo(lcHelper).noquote() << "serving" << options.hostsFile << "as"
                               << SigningIdentity::helperLabel;
    return app.exec();
}
