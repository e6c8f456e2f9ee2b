#pragma once

#include "core/install/helperinstaller.h"

// The HelperInstaller for this Mac: SMAppService on macOS 13 and later, SMJobBless before
// (which needs the helper built with a static Qt; K8S_HOSTS_HELPER_SELF_CONTAINED says so).
HelperInstaller *createHelperInstaller(QObject *parent);
