#include "app/tray/traylogging.h"

Q_LOGGING_CATEGORY(lcTray, "k8shosts.tray", QtInfoMsg)
