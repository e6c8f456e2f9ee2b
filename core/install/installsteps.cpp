#include "core/install/installsteps.h"

QList<InstallStep> installSteps(HelperStatus::State current, bool legacyJobPresent)
{
    QList<InstallStep> steps;
    // Two jobs with one label confuse launchd: the old one goes first.
    if (legacyJobPresent)
        steps.append(InstallStep::RemoveLegacyJob);
    // A running older helper keeps its Mach service until launchd has let go of it; the
    // new registration follows only in unregister's completion handler.
    if (current == HelperStatus::State::NeedsUpgrade ||
        current == HelperStatus::State::NotResponding ||
        current == HelperStatus::State::NewerInstalled)
        steps.append(InstallStep::Unregister);
    steps.append(InstallStep::Register);
    return steps;
}
