#include "core/kube/kubelogging.h"

Q_LOGGING_CATEGORY(lcKube, "k8shosts.kube")
