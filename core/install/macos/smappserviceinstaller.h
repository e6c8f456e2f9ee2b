#pragma once

#include "core/install/helperinstaller.h"
#include "core/install/installsteps.h"
#include "core/install/macos/helperclient.h"

#include <memory>

class ThreadGate;

// macOS 13 and later: the helper is a launch daemon inside the app bundle
// (Contents/Library/LaunchDaemons/io.github.k8shosts.Helper.plist), registered with
// SMAppService. register() asks the user to approve it in System Settings › Login Items;
// until then, and whenever the user turns it off there, the status is RequiresApproval.
// install() performs installSteps() one after the other: a leftover SMJobBless job of the
// same label goes first, an older helper is unregistered and the new one registered only in
// the completion handler, and "already registered" counts as success.
// ServiceManagement is asked on a background queue, never on the GUI thread.
class SMAppServiceInstaller : public HelperInstaller
{
    Q_OBJECT

public:
    explicit SMAppServiceInstaller(QObject *parent = nullptr);
    ~SMAppServiceInstaller() override;

    void refresh() override;
    void install() override;
    void uninstall() override;
    void openApprovalSettings() override;

private:
    void runSteps(QList<InstallStep> steps);
    void stepFailed(const QString &error);
    void registered(HelperStatus::Registration registration, const QString &error,
                    bool afterInstall);

    std::shared_ptr<ThreadGate> m_gate;
    HelperClient m_client;
    HelperStatus::Registration m_registration = HelperStatus::Registration::NotRegistered;
};
