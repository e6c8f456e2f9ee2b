#pragma once

#include "core/hosts/namepolicy.h"

#include <QString>

#include <optional>

// The root-owned name policy (/etc/k8s-hosts/policy.conf): read for every request so an
// administrator's edit counts at once, and replaced atomically by SetPolicy.
class PolicyFile
{
public:
    // requireRootOwned is false only in tests that run without root.
    explicit PolicyFile(QString path, bool requireRootOwned = true);

    QString path() const { return m_path; }

    // A file (or directory) anyone but root could have written is refused, not trusted.
    std::optional<NamePolicy> load(QString *error) const;
    bool save(const NamePolicy &policy, QString *error) const;

private:
    QString m_path;
    bool m_requireRootOwned = true;
};
