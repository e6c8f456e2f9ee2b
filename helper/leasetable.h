#pragma once

#include "helper/leasebook.h"

#include <QDBusConnection>
#include <QDBusServiceWatcher>
#include <QObject>

// Which caller's bus connection keeps which block alive. When the connection goes away
// (the app quit, crashed or was killed with SIGKILL) the bus daemon announces it and the
// lease expires, so the helper can remove that block. The bookkeeping is LeaseBook's,
// shared with the macOS helper; this class only watches bus names.
class LeaseTable : public QObject
{
    Q_OBJECT

public:
    explicit LeaseTable(const QDBusConnection &bus, QObject *parent = nullptr);

    // The block for marker now lives as long as owner's connection (a unique bus name);
    // uid is the owner's, for the audit line when the lease ends.
    void hold(const QString &marker, const QString &owner, uint uid);
    // The block for marker no longer depends on any connection.
    void release(const QString &marker);

    bool isEmpty() const { return m_book.isEmpty(); }

Q_SIGNALS:
    void expired(const QString &marker, uint uid);

private:
    void ownerGone(const QString &owner);

    QDBusConnection m_bus;
    QDBusServiceWatcher m_watcher;
    LeaseBook m_book;
};
