#pragma once

#include "core/kube/credentials.h"

#include <QByteArray>
#include <QString>

// Reads a credential plugin's stdout (an ExecCredential, JSON or YAML) with client-go's
// checks: the apiVersion the kubeconfig asked for, kind ExecCredential, a status with a
// token or a client certificate and key pair, an optional RFC 3339 expirationTimestamp.
class ExecCredentialParser
{
public:
    // On failure returns false and sets *error to a sentence that never quotes the output
    // (it holds secrets).
    static bool parse(const QByteArray &output, const QString &apiVersion, Credentials *credentials,
                      QString *error);
};
