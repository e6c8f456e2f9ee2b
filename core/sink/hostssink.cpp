#include "core/sink/hostssink.h"

HostsSink::~HostsSink() = default;
