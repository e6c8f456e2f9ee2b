#include "app/displaycheck.h"

bool hasDisplay(DesktopPlatform platform, const QProcessEnvironment &environment)
{
    if (platform == DesktopPlatform::MacOS)
        return true;
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        if (!environment.value(QString::fromLatin1(name)).isEmpty())
            return true;
    }
    return false;
}

DesktopPlatform currentPlatform()
{
#ifdef Q_OS_MACOS
    return DesktopPlatform::MacOS;
#else
    return DesktopPlatform::Unix;
#endif
}
