#pragma once

// The process's exit codes, documented in README "Exit codes". Scripts depend on them.
enum ExitCode : int
{
    ExitOk = 0,
    ExitRuntimeError = 1, // the hosts file could not be read or written, a cluster failed
    ExitUsage = 2,        // bad flags or flag values
};
