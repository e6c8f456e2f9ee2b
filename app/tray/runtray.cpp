#include "app/headless/unixsignals.h"
#include "app/tray/trayapp.h"
#include "app/tray/trayoptions.h"
#ifdef K8S_HOSTS_HELPER_XPC
#include "core/install/macos/createhelperinstaller.h"
#include "core/sink/hostsfileaccess.h"
#endif

#include <QApplication>
#include <QProcess>

int runTray(const TrayOptions &options)
{
    // The tray keeps running with no window open; without a tray, closing the window quits
    // through TrayApp (which first removes our entries).
    QApplication::setQuitOnLastWindowClosed(false);
    TrayApp::Setup setup;
    setup.options = options;
#ifdef K8S_HOSTS_HELPER_XPC
    // The helper writes /etc/hosts only; the demo and a file of one's own need none.
    if (!options.demo &&
        (options.hostsFile.isEmpty() || HostsFileAccess::isSystemHostsFile(options.hostsFile)))
        setup.helperInstaller = [](QObject *parent) {
            return createHelperInstaller(parent);
        };
#endif
    int code = 0;
    {
        TrayApp app(setup);
        QObject::connect(&app, &TrayApp::finished, qApp, &QCoreApplication::exit,
                         Qt::QueuedConnection);
        // Logging out (SIGTERM), Ctrl+C (SIGINT): quit the normal way, which removes our
        // entries.
        UnixSignals signals;
        QObject::connect(&signals, &UnixSignals::received, &app, &TrayApp::quit);
        app.start();
        code = QApplication::exec();
    } // the single-instance socket is closed here, so the next instance is the primary one
    if (code != TrayApp::restartExitCode)
        return code;
    // Another hosts file was chosen: the same command line, started again.
    return QProcess::startDetached(QCoreApplication::applicationFilePath(),
                                   QCoreApplication::arguments().mid(1))
               ? 0
               : 1;
}
