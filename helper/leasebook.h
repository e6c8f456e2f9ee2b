#pragma once

#include <QHash>
#include <QList>
#include <QString>

// Which caller keeps which block alive, whatever names a caller: its unique bus name on
// Linux, its connection's number on macOS. Bookkeeping only; the transport watches the
// callers and hands over the leases of the ones that left.
class LeaseBook
{
public:
    struct Lease
    {
        QString marker;
        QString owner;
        uint uid = 0; // the owner's, for the audit line when the lease ends
    };

    // The block for marker now lives as long as owner. Returns the previous owner when it
    // no longer holds any lease (stop watching it), or an empty string.
    QString hold(const QString &marker, const QString &owner, uint uid);
    // The block for marker no longer depends on any caller. Returns its owner when that
    // owner no longer holds any lease, or an empty string.
    QString release(const QString &marker);
    // The owner left: its leases, sorted by marker, are removed and returned.
    QList<Lease> takeOwner(const QString &owner);

    bool holds(const QString &owner) const;
    bool isEmpty() const { return m_leases.isEmpty(); }
    qsizetype size() const { return m_leases.size(); }

private:
    QString unusedOwner(const QString &owner) const;

    QHash<QString, Lease> m_leases; // by marker
};
