#include "app/headless/unixsignals.h"
#include "app/tray/trayapp.h"
#include "app/tray/trayoptions.h"

#include <QApplication>

int runTray(const TrayOptions &options)
{
    // The tray keeps running with no window open; without a tray, closing the window quits
    // through TrayApp (which first removes our entries).
    QApplication::setQuitOnLastWindowClosed(false);
    TrayApp::Setup setup;
    setup.options = options;
    TrayApp app(setup);
    QObject::connect(&app, &TrayApp::finished, qApp, &QCoreApplication::exit, Qt::QueuedConnection);
    // Logging out (SIGTERM), Ctrl+C (SIGINT): quit the normal way, which removes our entries.
    UnixSignals signals;
    QObject::connect(&signals, &UnixSignals::received, &app, &TrayApp::quit);
    app.start();
    return QApplication::exec();
}
