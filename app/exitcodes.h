#pragma once

// The process's exit codes, documented in README "Exit codes". Scripts depend on them.
enum ExitCode : int
{
    ExitOk = 0,
    ExitRuntimeError = 1,     // the hosts file could not be written, a cluster failed, …
    ExitUsage = 2,            // bad flags or flag values
    ExitAlreadyRunning = 3,   // another instance manages this block (hosts file + marker)
    ExitNotReady = 4,         // --wait-timeout expired before the first full sync
    ExitCommandNotFound = 127 // --exec: the command could not be started
};
// With --exec, any other code is the command's own.
