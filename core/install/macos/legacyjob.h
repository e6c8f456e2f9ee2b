#pragma once

#include <QString>

// The SMJobBless helper's launchd job (/Library/LaunchDaemons/<label>.plist): the one an
// SMJobBless install leaves, also on a Mac upgraded to 13 where SMAppService now installs the
// helper under the same label. Blocking calls: run them on a background queue.
namespace LegacyJob {

QString plistPath(); // /Library/LaunchDaemons/io.github.k8shosts.Helper.plist
QString toolPath();  // /Library/PrivilegedHelperTools/io.github.k8shosts.Helper

// Unloads the job after an administrator's authorization (SMJobRemove); empty on success,
// else a sentence. The helper deletes its own files before (HelperClient::askUninstall).
QString remove();

} // namespace LegacyJob
