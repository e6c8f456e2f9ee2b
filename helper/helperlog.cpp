#include "helper/helperlog.h"

Q_LOGGING_CATEGORY(lcHelper, "k8shosts.helper", QtInfoMsg)
