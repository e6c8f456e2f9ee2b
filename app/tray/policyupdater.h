#pragma once

#include "core/hosts/namepolicy.h"

#include <QDBusConnection>
#include <QObject>

// "Allow *.dtk.io…" and "Allow public addresses…" next to a blocked host: asks the helper
// to extend the name policy (SetPolicy; polkit asks for an administrator password every
// time) and hands the new policy on, so the blocked hosts get written.
class PolicyUpdater : public QObject
{
    Q_OBJECT
public:
    explicit PolicyUpdater(const QDBusConnection &bus, QObject *parent = nullptr);

    void allowDomain(const NamePolicy &current, const QString &domain);
    void allowPublicAddresses(const NamePolicy &current);

Q_SIGNALS:
    void policyChanged(const NamePolicy &policy);
    void failed(const QString &error);

private:
    void send(const NamePolicy &wanted);

    QDBusConnection m_bus;
};
