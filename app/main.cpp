#include "app/cleanupcommand.h"
#include "app/commandline.h"
#include "app/displaycheck.h"
#include "app/exitcodes.h"
#include "app/headless/headlessrunner.h"
#include "app/headless/logoutput.h"
#include "app/headless/unixsignals.h"
#include "app/listcontextscommand.h"
#include "core/hosts/hostsblock.h"
#ifdef K8S_HOSTS_WITH_TRAY
#include "app/tray/trayoptions.h"

#include <QApplication>
#endif

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <memory>
#include <string>

#ifdef Q_OS_LINUX
#include <climits>
#include <unistd.h>
#endif

namespace {

bool hasKubeconfig(const CommandLine &cl)
{
    const KubeconfigSources sources = KubeconfigSources::fromEnvironment(cl.kubeconfig);
    for (const QString &file : sources.files()) {
        if (QFile::exists(file))
            return true;
    }
    return !sources.serviceHost.isEmpty();
}

#ifdef K8S_HOSTS_WITH_TRAY
// Modes without a window run in k8s-hosts-controller, which links no GUI library: executed
// in our place (same process, same arguments), a CI job never holds Qt Widgets in memory.
// Where it is not installed next to us, the mode runs here.
void handOverToController(char *argv[])
{
#ifdef Q_OS_LINUX
    char self[PATH_MAX];
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0)
        return;
    const std::string exe(self, size_t(length));
    const std::string controller = exe.substr(0, exe.rfind('/') + 1) + "k8s-hosts-controller";
    ::execv(controller.c_str(), argv); // returns only when it cannot run
#else
    Q_UNUSED(argv)
#endif
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    UnixSignals::holdBack(); // until the mode that handles them is set up
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    CommandLine cl;
    QString error;
    if (!cl.parse(arguments, &error)) {
        QTextStream(stderr) << "k8s-hosts: " << error << "\nTry 'k8s-hosts --help'.\n";
        return ExitUsage;
    }
    if (cl.mode != CommandLine::Mode::Headless && cl.mode != CommandLine::Mode::Gui)
        UnixSignals::release(); // the one-shot modes stop on a signal as any command does
    switch (cl.mode) {
    case CommandLine::Mode::Help:
        QTextStream(stdout) << cl.helpText;
        return ExitOk;
    case CommandLine::Mode::Version:
        QTextStream(stdout) << "k8s-hosts " << K8S_HOSTS_VERSION << '\n';
        return ExitOk;
    default:
        break;
    }
#ifdef K8S_HOSTS_WITH_TRAY
    if (cl.mode != CommandLine::Mode::Gui)
        handOverToController(argv);
#endif
    const QString marker = cl.marker.isEmpty() ? HostsBlock::defaultMarker() : cl.marker;

    // With no cluster to talk to, the app shows itself against the simulated one.
    const bool wantsGui = cl.mode == CommandLine::Mode::Gui;
    if (wantsGui && !cl.demo && !hasKubeconfig(cl) && cl.contexts.isEmpty() &&
        !cl.webhook.enabled())
        cl.demo = true;
#ifdef K8S_HOSTS_WITH_TRAY
    if (wantsGui && hasDisplay(currentPlatform(), QProcessEnvironment::systemEnvironment())) {
        QApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("k8s-hosts"));
        QCoreApplication::setOrganizationName(QStringLiteral("k8s-hosts"));
        QCoreApplication::setApplicationVersion(QStringLiteral(K8S_HOSTS_VERSION));
        TrayOptions options{KubeconfigSources::fromEnvironment(cl.kubeconfig),
                            cl.contexts,
                            cl.hostsFileGiven ? cl.hostsFile : QString(),
                            cl.marker,
                            cl.demo,
                            cl.webhook};
        return runTray(options);
    }
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("k8s-hosts"));
    QCoreApplication::setApplicationVersion(QStringLiteral(K8S_HOSTS_VERSION));

    switch (cl.mode) {
    case CommandLine::Mode::ListContexts:
        return runListContexts(KubeconfigSources::fromEnvironment(cl.kubeconfig), cl.contexts,
                               cl.jsonOutput);
    case CommandLine::Mode::Cleanup:
        return CleanupCommand{cl.hostsFile,    marker, cl.force,
                              cl.publishHosts, cl.dns, cl.publishMdns}
            .run();
    case CommandLine::Mode::Gui:
        if (!cl.demo) {
            QTextStream(stderr)
                << "k8s-hosts: no display for the tray app; run headless with --no-gui\n";
            return ExitUsage;
        }
        break; // the demo runs headless without a display
    default:
        break;
    }
    installLogOutput(cl.logFormat == CommandLine::LogFormat::Json ? LogStyle::Json : LogStyle::Text,
                     cl.verbose);
    HeadlessRunner runner(cl);
    if (const int code = runner.start(); code >= 0)
        return code;
    return app.exec();
}
