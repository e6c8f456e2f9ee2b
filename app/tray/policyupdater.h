#pragma once

#include "core/hosts/namepolicy.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QObject>

// "Allow *.dtk.io…" and "Allow public addresses…" next to a blocked host: asks the helper
// to extend the name policy (AllowDomains, additive; SetPolicy for public addresses; polkit
// asks for an administrator password every time, naming the domain) and hands the new
// policy on, so the blocked hosts get written.
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
    void send(QDBusMessage call, const NamePolicy &wanted);

    QDBusConnection m_bus;
};
