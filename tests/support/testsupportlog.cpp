#include "tests/support/testsupportlog.h"

Q_LOGGING_CATEGORY(lcTestSupport, "k8shosts.testsupport", QtWarningMsg)
