#pragma once

#include "core/sync/sourceset.h"

#include <QString>

// What the Preferences dialog edits.
struct TrayPreferences
{
    Sources sources = allSources();
    QString marker;
    bool keepEntriesAfterQuit = false;
    bool notifications = true;
    bool startAtLogin = false;
    friend bool operator==(const TrayPreferences &, const TrayPreferences &) = default;
};
