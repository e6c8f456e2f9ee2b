#pragma once

#include "core/config/kubeconfigsources.h"

#include <QStringList>

// --list-contexts: print every kubeconfig context (or those named by --context) with its
// cluster, server, user, namespace, whether it is current, and why its credentials would not
// work, as a table or (--output json) one JSON array. Runs no credential plugin.
int runListContexts(const KubeconfigSources &sources, const QStringList &onlyContexts, bool json);
