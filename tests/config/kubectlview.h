#pragma once

#include "core/config/contextconfig.h"
#include "core/config/kubeconfig.h"

#include <QJsonObject>

// Renders our merged kubeconfig in the JSON shape `kubectl config view -o json --raw` prints
// (its omitempty rules), so the two can be compared, and emulates --flatten with our own path
// resolution. Lists are keyed by name so that order does not matter.
class KubectlView
{
public:
    static QJsonObject render(const Kubeconfig &config);
    // --flatten: CA, client certificate and key files inlined; false (and *error) when one
    // cannot be read or a stanza sets both a path and its data.
    static bool flatten(const Kubeconfig &config, QJsonObject *out, QString *error);
    // A kubectl JSON document with its lists turned into name-keyed objects.
    static QJsonObject normalize(const QJsonObject &kubectlJson);

    // Where two JSON values differ, one line per differing leaf ("users.dev.token: a != b").
    static QString differences(const QJsonValue &ours, const QJsonValue &theirs,
                               const QString &path = QString());

    static QJsonObject cluster(const ClusterConfig &cluster);
    static QJsonObject user(const UserConfig &user);
};
