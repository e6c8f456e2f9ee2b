#pragma once

#include "core/resolver/localresponder.h"

#include <QStringList>

// What to do by hand so the system's resolver asks the local responder for its domains —
// said when k8s-hosts cannot register it itself. Plain text, one paragraph.
struct ResolverInstructions
{
    // domains empty: they come from the wildcard names, and the text says so.
    static QString text(const ResponderEndpoint &endpoint, const QStringList &domains);
};
