#pragma once

#include <QLoggingCategory>

// k8shosts.tray: the tray app's views, settings and single-instance handling.
Q_DECLARE_LOGGING_CATEGORY(lcTray)
