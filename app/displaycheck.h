#pragma once

#include <QProcessEnvironment>

// Whether the tray app can show itself, decided per platform in one small function: a Mac
// always has its window server (an app launched from Finder or the Dock has no DISPLAY);
// elsewhere an X11 or Wayland display is needed, or a Qt platform chosen explicitly
// (QT_QPA_PLATFORM=offscreen in tests).
enum class DesktopPlatform
{
    MacOS,
    Unix, // X11 or Wayland
};

bool hasDisplay(DesktopPlatform platform, const QProcessEnvironment &environment);
DesktopPlatform currentPlatform();
