// A test-only launcher of the real entry point, runTray(), with the GUI flags app/main.cpp
// gives it: the display test runs it as its own process, as a user would start the app.
#include "app/tray/trayoptions.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("k8s-hosts"));
    QCommandLineParser parser;
    const QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"),
                                        QStringLiteral("Read only this kubeconfig file."),
                                        QStringLiteral("path"));
    const QCommandLineOption context(QStringLiteral("context"),
                                     QStringLiteral("Enable this context (repeatable)."),
                                     QStringLiteral("name"));
    const QCommandLineOption hostsFile(QStringLiteral("hosts-file"),
                                       QStringLiteral("The hosts file to manage."),
                                       QStringLiteral("path"));
    const QCommandLineOption marker(QStringLiteral("marker"), QStringLiteral("The block's marker."),
                                    QStringLiteral("name"));
    parser.addOptions({kubeconfig, context, hostsFile, marker});
    parser.process(app);

    TrayOptions options;
    options.kubeconfig = KubeconfigSources::fromEnvironment(parser.value(kubeconfig));
    options.contexts = parser.values(context);
    options.hostsFile = parser.value(hostsFile);
    options.marker = parser.value(marker);
    return runTray(options);
}
