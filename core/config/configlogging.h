#pragma once

#include <QLoggingCategory>

// k8shosts.config: kubeconfig loading and watching. Never logs credential values.
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
