#pragma once

#include "core/config/clusterconfig.h"
#include "core/config/contextentry.h"
#include "core/config/namedentry.h"
#include "core/config/userconfig.h"

#include <QJsonValue>
#include <QList>

// Decodes a kubeconfig's JSON form into entries with Go's encoding/json rules, as kubectl
// does: unknown fields are ignored, null means "not set", any other type mismatch fails the
// whole file, and *-data fields must be standard base64.
class KubeconfigDecoder
{
public:
    struct Result
    {
        QList<NamedEntry<ClusterConfig>> clusters;
        QList<NamedEntry<UserConfig>> users;
        QList<NamedEntry<ContextEntry>> contexts;
        QString currentContext;
    };

    // On failure returns false and sets *error to where and what ("clusters[1].cluster.server
    // must be a string, not a number").
    static bool decode(const QJsonValue &document, const QString &origin, Result *result,
                       QString *error);

    // Go's base64.StdEncoding: padded, the standard alphabet, CR and LF ignored.
    static bool decodeBase64(const QString &text, QByteArray *bytes);
};
