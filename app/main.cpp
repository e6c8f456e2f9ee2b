#include "cleanupcommand.h"
#include "exitcodes.h"
#include "hostsblock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("k8s-hosts"));
    QCoreApplication::setApplicationVersion(QStringLiteral(K8S_HOSTS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Keeps one marked block of /etc/hosts equal to the host names your "
                       "Kubernetes Ingresses, Gateway routes and LoadBalancer Services serve."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption noGui(QStringLiteral("no-gui"),
                                   QStringLiteral("Run headless (CI): no tray icon, no window."));
    const QCommandLineOption cleanup(
        QStringLiteral("cleanup"),
        QStringLiteral("Remove our block from the hosts file and exit."));
    const QCommandLineOption hostsFile(
        QStringLiteral("hosts-file"),
        QStringLiteral("The hosts file to manage (default /etc/hosts)."), QStringLiteral("path"),
        QStringLiteral("/etc/hosts"));
    const QCommandLineOption marker(
        QStringLiteral("marker"),
        QStringLiteral("Name of our block's markers (default K8S-HOSTS)."), QStringLiteral("name"),
        HostsBlock::defaultMarker());
    parser.addOptions({noGui, cleanup, hostsFile, marker});

    QTextStream err(stderr);
    if (!parser.parse(QCoreApplication::arguments())) {
        err << "k8s-hosts: " << parser.errorText() << "\n"
            << "Try 'k8s-hosts --help'." << Qt::endl;
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitOk);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    const bool headless =
        parser.isSet(noGui) ||
        QFileInfo(QCoreApplication::applicationFilePath()).fileName() == u"k8s-hosts-controller";
    if (!HostsBlock::isValidMarker(parser.value(marker))) {
        err << "k8s-hosts: --marker must be 1 to 64 of A-Z, 0-9 and '-'" << Qt::endl;
        return ExitUsage;
    }
    if (headless && parser.isSet(cleanup))
        return runCleanup(parser.value(hostsFile), parser.value(marker));

    err << "k8s-hosts: nothing to do; see 'k8s-hosts --help'" << Qt::endl;
    return ExitUsage;
}
