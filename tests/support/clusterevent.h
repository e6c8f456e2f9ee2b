#pragma once

#include "tests/support/resourcetype.h"
#include "tests/support/storedobject.h"

// One write to the fake cluster, as watches replay it.
struct ClusterEvent
{
    enum class Type
    {
        Added,
        Modified,
        Deleted
    };

    Type type = Type::Added;
    ResourceKind kind = ResourceKind::Namespace;
    StoredObjectPtr object;   // the state after the write; for Deleted the last state
    StoredObjectPtr previous; // the state before (null for Added), for selector transitions

    quint64 resourceVersion() const { return object->resourceVersion; }
};
