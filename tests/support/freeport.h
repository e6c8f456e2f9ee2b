#pragma once

#include <QtGlobal>

// A port free for both TCP and UDP on 127.0.0.1 right now (a DNS responder binds both), or
// 0 when none was found in a few tries.
quint16 freeLocalPort();
