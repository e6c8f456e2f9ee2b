#pragma once

#include <QLoggingCategory>

// k8shosts.testsupport: the fake API server and the other test fixtures.
Q_DECLARE_LOGGING_CATEGORY(lcTestSupport)
