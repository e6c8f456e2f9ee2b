#pragma once

#include <QString>
#include <QStringList>

// Where kubeconfig comes from, in kubectl's order: --kubeconfig, else $KUBECONFIG (a list of
// files), else ~/.kube/config; and the pod environment for in-cluster configuration. Tests
// fill it by hand; the app uses fromEnvironment().
struct KubeconfigSources
{
    QString explicitPath;  // --kubeconfig: only this file, which must exist
    QString kubeconfigEnv; // $KUBECONFIG, empty when unset
    QString homeDir;
    QString workingDir;   // relative KUBECONFIG entries are relative to the process's folder
    QString serviceHost;  // $KUBERNETES_SERVICE_HOST
    QString servicePort;  // $KUBERNETES_SERVICE_PORT
    QString podNamespace; // $POD_NAMESPACE
    QString serviceAccountDir = QStringLiteral("/var/run/secrets/kubernetes.io/serviceaccount");

    static KubeconfigSources fromEnvironment(const QString &explicitPath = QString());

    // The files to read, first wins: absolute paths, duplicates dropped, in order.
    QStringList files() const;
    // The file that defines a context, as kubectl merges them (the first file wins); with no
    // context, or none defines it, the first file that exists (else the first of files()).
    QString fileDefining(const QString &context) const;
    bool isExplicit() const { return !explicitPath.isEmpty(); }
    bool usesKubeconfigEnv() const { return explicitPath.isEmpty() && !kubeconfigEnv.isEmpty(); }
};
