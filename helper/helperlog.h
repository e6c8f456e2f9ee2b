#pragma once

#include <QLoggingCategory>

// The helper's one logging category: QT_LOGGING_RULES="k8shosts.helper.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcHelper)
