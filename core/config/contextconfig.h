#pragma once

#include "core/config/clusterconfig.h"
#include "core/config/userconfig.h"

#include <QString>

// One kubeconfig context, resolved as kubectl resolves it: the cluster and user it names,
// with relative paths made absolute against the file that named them and the CA and client
// certificate/key files read into the *Data fields. `error` says, as one sentence with the
// fix, why the context cannot be used; it is empty when the context is usable.
struct ContextConfig
{
    QString name;
    QString clusterName;
    QString userName;
    QString namespaceName = QStringLiteral("default");
    bool current = false;
    bool inCluster = false; // the pod's service account, not a kubeconfig entry
    ClusterConfig cluster;
    UserConfig user;
    QString error;

    bool isUsable() const { return error.isEmpty(); }
    bool operator==(const ContextConfig &) const = default;
};
