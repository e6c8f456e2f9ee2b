#pragma once

#include "app/tray/contextstatus.h"
#include "app/tray/syncstatus.h"

#include <QIcon>

// The app's icons, drawn at every size the tray or a view asks for, so they stay sharp
// at 1× and 2× and need no image files: the tray glyph (a heptagon holding two names) with a badge
// for the state, in a light and a dark variant and as a macOS template image (a mask the
// menu bar tints), and small coloured dots for context and mapping states.
class StatusIcons
{
public:
    enum class Badge
    {
        None,
        Synced,
        Syncing,
        Error,
        Paused,
        Attention
    };
    enum class Variant
    {
        ForLightPanel, // dark glyph
        ForDarkPanel,  // light glyph
        Template,      // black on transparent, marked as a mask (macOS menu bar)
    };

    static QIcon tray(Badge badge, Variant variant);
    static QPixmap trayPixmap(Badge badge, Variant variant, int size);
    static QIcon dot(ContextStatus::Kind kind);
    static QIcon dot(const QColor &color);
    static QColor badgeColor(Badge badge);
    static Badge badgeFor(SyncStatus::State state);
    // The variant for the platform and the current palette.
    static Variant variantForPalette();
};
