#pragma once

#include "core/config/contextconfig.h"
#include "core/config/kubeconfigsources.h"

// The configuration a pod gets from its service account (client-go's InClusterConfig):
// possible when KUBERNETES_SERVICE_HOST and _PORT are set and the token file exists.
class InClusterConfig
{
public:
    static bool isPossible(const KubeconfigSources &sources);
    static ContextConfig context(const KubeconfigSources &sources);
};
