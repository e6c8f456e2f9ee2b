#pragma once

#include "core/install/helperstatus.h"

#include <QList>

// The steps of installing the helper with SMAppService (macOS 13+), in order. Decided here,
// in plain C++ tested on every platform; the Objective-C++ installer only performs them.
enum class InstallStep
{
    RemoveLegacyJob, // an SMJobBless helper of the same label (a Mac upgraded from 12)
    Unregister,      // an older or silent helper: re-register only after it is gone
    Register,
};

// legacyJobPresent: SMAppService statusForLegacyURL: says launchd knows the old job.
QList<InstallStep> installSteps(HelperStatus::State current, bool legacyJobPresent);
