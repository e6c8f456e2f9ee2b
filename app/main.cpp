#include "cleanupcommand.h"
#include "exitcodes.h"
#include "hostsblock.h"
#include "listcontextscommand.h"

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
    const QCommandLineOption kubeconfig(
        QStringLiteral("kubeconfig"),
        QStringLiteral(
            "Read only this kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)."),
        QStringLiteral("path"));
    const QCommandLineOption context(
        QStringLiteral("context"),
        QStringLiteral(
            "Use this kubeconfig context; repeat for several (default: the current one)."),
        QStringLiteral("name"));
    const QCommandLineOption listContexts(
        QStringLiteral("list-contexts"),
        QStringLiteral(
            "Print the kubeconfig's contexts and whether their credentials work, then exit."));
    const QCommandLineOption output(
        QStringLiteral("output"),
        QStringLiteral("Output format of --list-contexts: table or json."),
        QStringLiteral("format"), QStringLiteral("table"));
    parser.addOptions(
        {noGui, cleanup, hostsFile, marker, kubeconfig, context, listContexts, output});

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
    const QString format = parser.value(output);
    if (format != u"table" && format != u"json") {
        err << "k8s-hosts: --output must be table or json" << Qt::endl;
        return ExitUsage;
    }
    if (parser.isSet(kubeconfig) && parser.value(kubeconfig).isEmpty()) {
        err << "k8s-hosts: --kubeconfig needs a file path" << Qt::endl;
        return ExitUsage;
    }
    if (parser.isSet(listContexts))
        return runListContexts(KubeconfigSources::fromEnvironment(parser.value(kubeconfig)),
                               parser.values(context), format == u"json");
    if (headless && parser.isSet(cleanup))
        return runCleanup(parser.value(hostsFile), parser.value(marker));

    err << "k8s-hosts: nothing to do; see 'k8s-hosts --help'" << Qt::endl;
    return ExitUsage;
}
