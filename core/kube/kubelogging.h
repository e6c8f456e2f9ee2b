#pragma once

#include <QLoggingCategory>

// k8shosts.kube: credentials, TLS and requests. Never logs a token, key or password.
Q_DECLARE_LOGGING_CATEGORY(lcKube)
