#pragma once

#include "core/hosts/hostentry.h"

#include <QString>

class NamePolicy;

// One line per change, so an administrator can see who changed /etc/hosts and how:
// "uid=1000 marker=K8S-HOSTS added=a.test removed=b.test cause=SetEntries". Under systemd
// stderr is the journal (journalctl -u k8s-hosts-helper); otherwise the line also goes to
// syslog (authpriv), since D-Bus activation does not keep a service's stderr. On macOS
// syslog() goes to the unified log (log show --predicate 'process == "io.github.k8shosts.Helper"').
class AuditLog
{
public:
    AuditLog();
    ~AuditLog();
    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;

    void hostsChanged(uint uid, const QString &marker, const HostEntries &before,
                      const HostEntries &after, const QString &cause);
    void policyChanged(uint uid, const NamePolicy &policy);
    void helperRemoved(uint uid, const QString &executable);

private:
    void write(const QString &line);

    bool m_journal = false; // stderr is connected to the journal
};
