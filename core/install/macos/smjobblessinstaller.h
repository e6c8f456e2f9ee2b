#pragma once

#include "core/install/helperinstaller.h"
#include "core/install/macos/helperclient.h"

#include <memory>

class ThreadGate;

// Before macOS 13: SMJobBless copies the helper to /Library/PrivilegedHelperTools and its
// launchd plist to /Library/LaunchDaemons, after an administrator's password. It checks the
// helper against the app's SMPrivilegedExecutables and the app against the helper's
// SMAuthorizedClients, and replaces an older helper in place. SMJobBless has no uninstall:
// the helper deletes its own files on request, then SMJobRemove unloads the job. The copied
// helper runs alone, so this needs a helper built with a static Qt (selfContained).
class SMJobBlessInstaller : public HelperInstaller
{
    Q_OBJECT

public:
    SMJobBlessInstaller(bool selfContained, QObject *parent = nullptr);
    ~SMJobBlessInstaller() override;

    void refresh() override;
    void install() override;
    void uninstall() override;

private:
    bool refuseUnsupported();
    void unload();

    bool m_selfContained;
    std::shared_ptr<ThreadGate> m_gate;
    HelperClient m_client;
};
