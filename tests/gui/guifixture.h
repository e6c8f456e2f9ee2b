#pragma once

#include "app/tray/trayapp.h"
#include "core/config/kubeconfigsources.h"
#include "core/sync/workspace.h"
#include "tests/support/fakeapiserver.h"

#include <QTemporaryDir>

// What the GUI tests drive: two fake clusters behind one $KUBECONFIG — kind-dev (the
// current context) and staging — holding the hosts a developer would see (active ones, one
// waiting for its IP, a wildcard, one the name policy blocks, a conflict between the two
// clusters), a temporary hosts file and a folder for settings.
class GuiFixture
{
public:
    GuiFixture();

    bool start(QString *error);

    FakeApiServer &dev() { return m_dev; }
    FakeApiServer &staging() { return m_staging; }
    QString dir() const { return m_dir.path(); }
    QString hostsFile() const { return m_dir.filePath(QStringLiteral("hosts")); }
    QString settingsFile() const { return m_dir.filePath(QStringLiteral("settings.ini")); }
    KubeconfigSources kubeconfig() const;
    // Listed in $KUBECONFIG but missing until a test writes it (a new cluster appears).
    QString extraKubeconfig() const { return m_dir.filePath(QStringLiteral("extra.yaml")); }
    Workspace::Options workspaceOptions() const;
    // A tray app on this fixture: its kubeconfig, hostsFile (empty: the settings' or
    // /etc/hosts), settings and a socket of its own, no keychain.
    TrayApp::Setup traySetup(QSettings *settings, const QString &hostsFile) const;

    QByteArray hostsText() const;
    QStringList blockLines() const; // the lines inside our block, without comments

    static QByteArray originalHosts();

private:
    QTemporaryDir m_dir;
    FakeApiServer m_dev;
    FakeApiServer m_staging;
};
