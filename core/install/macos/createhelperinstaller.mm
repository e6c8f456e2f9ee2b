#include "core/install/macos/createhelperinstaller.h"

#include "core/install/macos/smappserviceinstaller.h"
#include "core/install/macos/smjobblessinstaller.h"

#import <Foundation/Foundation.h>

HelperInstaller *createHelperInstaller(QObject *parent)
{
    if (@available(macOS 13.0, *))
        return new SMAppServiceInstaller(parent);
    return new SMJobBlessInstaller(K8S_HOSTS_HELPER_SELF_CONTAINED != 0, parent);
}
