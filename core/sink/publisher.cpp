#include "core/sink/publisher.h"

Publisher::~Publisher() = default;
