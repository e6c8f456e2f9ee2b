#pragma once

#include "core/hosts/entryvalidator.h"
#include "core/hosts/hostentry.h"

#include <QObject>

// How one apply() or clear() ended.
struct SinkReport
{
    enum class Operation
    {
        Apply,
        Clear
    };
    enum class Failure
    {
        None,
        NotInstalled,   // no helper on this machine
        NotAuthorized,  // polkit said no, or the password prompt was dismissed
        InvalidEntries, // the entries were refused; nothing was written
        Failed,         // the file could not be read or written
    };

    Operation operation = Operation::Apply;
    QString marker;
    Failure failure = Failure::None;
    QString error;                // a sentence with the fix, empty on success
    bool permanent = false;       // retrying will not help until someone fixes something
    HostEntries current;          // our block after the operation (on success)
    QList<EntryVerdict> rejected; // entries left out (DirectSink writes the rest)

    bool ok() const { return failure == Failure::None; }
};

// Where our block is written: in-process (DirectSink) or through the privileged helper
// (HelperSink). Both are asynchronous: every apply() and clear() is answered, in order, by
// exactly one finished() signal, never from inside the call.
class HostsSink : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~HostsSink() override;

    // Makes the block for marker hold exactly these entries.
    virtual void apply(const QString &marker, const HostEntries &entries) = 0;
    // Removes the block for marker.
    virtual void clear(const QString &marker) = 0;

    // The helper sinks: keep our block when this process goes away (true), or let the helper
    // remove it then, even after a crash (false, the default). A file this process writes
    // itself keeps whatever was written last.
    virtual void setKeepOnDisconnect(bool keep) { Q_UNUSED(keep) }
    // The name policy changed; a sink that checks entries itself checks with this one now
    // (the helper checks against its own root-owned policy).
    virtual void setPolicy(const NamePolicy &policy) { Q_UNUSED(policy) }

Q_SIGNALS:
    void finished(const SinkReport &report);
};
