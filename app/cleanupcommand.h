#pragma once

#include <QString>

// --cleanup: remove our block from the hosts file and exit, as the Go controller's flag does.
int runCleanup(const QString &hostsFile, const QString &marker, bool force);
