#pragma once

#include "core/config/clusterconfig.h"
#include "core/config/contextconfig.h"
#include "core/config/contextentry.h"
#include "core/config/namedentry.h"
#include "core/config/userconfig.h"

#include <QList>

#include <optional>

// Turns a merged context entry into a ContextConfig: looks up its cluster and user, makes
// relative paths absolute against the file that named them, reads the CA and client
// certificate files, and validates the combination as client-go does.
class ContextResolver
{
public:
    static ContextConfig resolve(const NamedEntry<ContextEntry> &context,
                                 const std::optional<NamedEntry<ClusterConfig>> &cluster,
                                 const std::optional<NamedEntry<UserConfig>> &user);

    // client-go's ResolveLocalPaths: relative to the folder of the file that named it; empty
    // and absolute paths unchanged.
    static QString resolvePath(const QString &path, const QString &originFile);

    // exec.command is resolved like a path only when it contains a '/'; a bare name is
    // looked up on PATH when the plugin runs.
    static QString resolveCommand(const QString &command, const QString &originFile);

    // client-go's DefaultServerURL: a scheme-less host:port becomes https when TLS is
    // configured, else http; query and fragment are dropped.
    static QUrl serverUrl(const ClusterConfig &cluster, bool tlsConfigured, QString *error);

private:
    static QString checkCluster(const QString &name, ClusterConfig *cluster,
                                const UserConfig &user);
    static QString checkUser(const QString &name, UserConfig *user);
    static QString checkExec(const QString &name, const ExecConfig &exec);
};
