#pragma once

#include <functional>

// The harness runs scripted steps one after another ("start, wait until the file holds every
// entry, change one object, wait…"). It waits by running the event loop until a condition
// holds or a deadline passes, so the fake API servers on this thread keep serving meanwhile.
// Benchmarks only: the product never nests event loops.
namespace BenchWait {

// Runs the event loop until done() is true (checked after each batch of events) or timeoutMs
// passes; returns done()'s last answer.
bool until(const std::function<bool()> &done, int timeoutMs);
// Runs the event loop for ms milliseconds.
void idle(int ms);
// A monotonic clock shared by every measurement, in milliseconds with microsecond precision.
double nowMs();

} // namespace BenchWait
