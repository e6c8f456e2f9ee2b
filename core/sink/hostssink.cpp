#include "hostssink.h"

HostsSink::~HostsSink() = default;
