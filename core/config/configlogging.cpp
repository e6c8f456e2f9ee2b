#include "core/config/configlogging.h"

Q_LOGGING_CATEGORY(lcConfig, "k8shosts.config")
