// k8s-hosts-helper: the privileged half of k8s-hosts on Linux. Started by D-Bus activation
// (through systemd where it runs), as root; exits when idle.
#include "core/hosts/namepolicy.h"
#include "core/sink/helperprotocol.h"
#include "core/sink/wireentries.h"
#include "helper/helperlog.h"
#include "helper/helperservice.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>

#include <cstdio>
#include <unistd.h>

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "k8s-hosts-helper: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("k8s-hosts-helper"));
    QCoreApplication::setApplicationVersion(QStringLiteral(K8S_HOSTS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Privileged D-Bus service (%1) that owns k8s-hosts' blocks in the hosts "
                       "file. Started by D-Bus activation as root; not meant to be run by hand.")
            .arg(HelperProtocol::serviceName()));
    parser.addHelpOption();
    parser.addVersionOption();
    // Only whoever starts the helper (root) chooses these; no caller can.
    const QCommandLineOption hostsFile(QStringLiteral("hosts-file"),
                                       QStringLiteral("The hosts file to edit (tests)."),
                                       QStringLiteral("path"), QStringLiteral("/etc/hosts"));
    const QCommandLineOption policyFile(QStringLiteral("policy-file"),
                                        QStringLiteral("The name policy file (tests)."),
                                        QStringLiteral("path"), NamePolicy::systemPath());
    const QCommandLineOption stateDir(
        QStringLiteral("state-dir"),
        QStringLiteral("Where the helper keeps who wrote which block, and its leases."),
        QStringLiteral("path"), QStringLiteral("/var/lib/k8s-hosts"));
    const QCommandLineOption writeInterval(
        QStringLiteral("write-interval"),
        QStringLiteral("Milliseconds between two writes of one block (tests)."),
        QStringLiteral("ms"), QStringLiteral("1000"));
    const QCommandLineOption idleTimeout(
        QStringLiteral("idle-timeout"),
        QStringLiteral("Exit after this many seconds without requests or leases (0: never)."),
        QStringLiteral("seconds"), QStringLiteral("30"));
    parser.addOptions({hostsFile, policyFile, stateDir, writeInterval, idleTimeout});
    parser.process(app);

    bool numeric = false;
    const int idleSeconds = parser.value(idleTimeout).toInt(&numeric);
    if (!numeric || idleSeconds < 0 || idleSeconds > 86400)
        return fail(QStringLiteral("--idle-timeout takes a number of seconds from 0 to 86400"));
    if (::geteuid() != 0)
        return fail(QStringLiteral("must run as root; it is started by D-Bus activation when "
                                   "k8s-hosts needs it"));

    QDBusConnection bus = QDBusConnection::systemBus();
    if (!bus.isConnected())
        return fail(QStringLiteral("cannot connect to the D-Bus system bus: %1")
                        .arg(bus.lastError().message()));
    WireEntries::registerMetaType();
    const int intervalMs = parser.value(writeInterval).toInt(&numeric);
    if (!numeric || intervalMs < 0 || intervalMs > 60000)
        return fail(QStringLiteral("--write-interval takes milliseconds from 0 to 60000"));
    HelperService::Options options;
    options.hostsFile = parser.value(hostsFile);
    options.policyFile = parser.value(policyFile);
    options.stateDir = parser.value(stateDir);
    options.idleTimeoutMs = idleSeconds * 1000;
    options.writeIntervalMs = intervalMs;
    HelperService service(bus, options);
    if (!bus.registerObject(HelperProtocol::objectPath(), &service,
                            QDBusConnection::ExportScriptableSlots |
                                QDBusConnection::ExportScriptableProperties))
        return fail(
            QStringLiteral("cannot export %1 on the system bus").arg(HelperProtocol::objectPath()));
    if (!bus.registerService(HelperProtocol::serviceName()))
        return fail(QStringLiteral("cannot own %1 on the system bus (%2); another helper is "
                                   "running, or its D-Bus policy file is not installed")
                        .arg(HelperProtocol::serviceName(), bus.lastError().message()));
    QObject::connect(&service, &HelperService::idle, &app, &QCoreApplication::quit);
    qCInfo(lcHelper).noquote() << "serving" << parser.value(hostsFile) << "as"
                               << HelperProtocol::serviceName();
    service.restoreLeases();
    return app.exec();
}
