#pragma once

#include "core/install/helperstatus.h"

#include <QObject>

// Installs, upgrades and removes the privileged helper that writes /etc/hosts for the app
// on macOS: SMAppService on macOS 13 and later, SMJobBless before (createHelperInstaller()
// picks one). The tray app only calls this interface. Every refresh(), install() and
// uninstall() is answered by one statusChanged(), never from inside the call.
class HelperInstaller : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~HelperInstaller() override;

    // Finds out the registration and the running helper's version.
    virtual void refresh() = 0;
    // Installs the helper, or upgrades an older one. macOS asks the user: an administrator's
    // password (SMJobBless), or approval in System Settings (SMAppService).
    virtual void install() = 0;
    // Removes the helper. Clear the app's block first (HostsSink::clear): a helper that is
    // gone cannot remove it any more.
    virtual void uninstall() = 0;
    // Opens System Settings › Login Items, where a pending helper is approved (macOS 13+).
    virtual void openApprovalSettings() {}

    HelperStatus status() const { return m_status; }

Q_SIGNALS:
    void statusChanged(const HelperStatus &status);

protected:
    void setStatus(const HelperStatus &status);

private:
    HelperStatus m_status;
};
