// k8s-hosts-helper: the privileged half of k8s-hosts on Linux. Started by D-Bus activation
// (through systemd where it runs), as root; exits when idle.
#include "core/sink/helperprotocol.h"
#include "core/sink/wireentries.h"
#include "helper/helpercommandline.h"
#include "helper/helperlog.h"
#include "helper/helperservice.h"
#include "helper/resolvedlink.h"

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

    QString error;
    const auto line = HelperCommandLine::parse(
        app.arguments(),
        QStringLiteral("Privileged D-Bus service (%1) that owns k8s-hosts' blocks in the hosts "
                       "file. Started by D-Bus activation as root; not meant to be run by hand.")
            .arg(HelperProtocol::serviceName()),
        QStringLiteral("/var/lib/k8s-hosts"), &error);
    if (!line)
        return fail(error);
    if (::geteuid() != 0)
        return fail(QStringLiteral("must run as root; it is started by D-Bus activation when "
                                   "k8s-hosts needs it"));

    QDBusConnection bus = QDBusConnection::systemBus();
    if (!bus.isConnected())
        return fail(QStringLiteral("cannot connect to the D-Bus system bus: %1")
                        .arg(bus.lastError().message()));
    WireEntries::registerMetaType();
    ResolvedLink::registerTypes();
    HelperService::Options options;
    options.hostsFile = line->hostsFile;
    options.policyFile = line->policyFile;
    options.stateDir = line->stateDir;
    options.resolverRoot = line->resolverRoot;
    options.idleTimeoutMs = line->idleTimeoutMs;
    options.writeIntervalMs = line->writeIntervalMs;
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
    qCInfo(lcHelper).noquote() << "serving" << line->hostsFile << "as"
                               << HelperProtocol::serviceName();
    service.restoreLeases();
    return app.exec();
}
