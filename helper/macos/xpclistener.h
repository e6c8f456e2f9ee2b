#pragma once

#include <QString>

#include <memory>

class HelperConnections;

// The helper's NSXPCListener on its Mach service (SigningIdentity::helperLabel): refuses any
// connection that ClientCheck rejects, numbers the others, exports one K8sHostsExportedHelper
// to each, and tells HelperConnections when one opens or is invalidated (which ends its
// leases). Destroy it before the HelperConnections object.
class XpcListener
{
public:
    XpcListener(HelperConnections *connections, const QString &executable);
    ~XpcListener();
    XpcListener(const XpcListener &) = delete;
    XpcListener &operator=(const XpcListener &) = delete;

    void resume();

private:
    struct Private;
    std::unique_ptr<Private> d;
};
