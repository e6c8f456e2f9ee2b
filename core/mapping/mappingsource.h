#pragma once

#include "core/mapping/desiredhosts.h"

#include <QObject>

// Names from somewhere other than a cluster's watches (ExternalDNS's webhook calls), merged
// by SyncEngine like a context: one name(), its mappings keyed by object, and whether it
// has "listed" — holds what it knows for now — so its lines in a target are kept, not
// carried or dropped. A source that restores what it held before a restart counts as listed
// from the start.
class MappingSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // The context name its mappings carry (SourceRef::context).
    virtual QString name() const = 0;
    virtual bool isSynced() const = 0;
    virtual ObjectMappings mappingsByObject() const = 0;

Q_SIGNALS:
    // These objects' mappings changed; an empty list: the object is gone.
    void mappingsChanged(const ObjectMappings &objects);
    void synced();
};
