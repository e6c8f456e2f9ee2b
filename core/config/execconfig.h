#pragma once

#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// users[].user.exec: how to run a client-go credential plugin.
struct ExecConfig
{
    QString command; // relative paths with a '/' are resolved against the kubeconfig's folder
    QStringList args;
    bool argsSet = false; // `args: []` and a missing `args` print differently in kubectl
    QList<QPair<QString, QString>> env;
    bool envSet = false;
    QString apiVersion;
    QString installHint;
    bool provideClusterInfo = false;
    QString interactiveMode; // Never, IfAvailable, Always; empty means IfAvailable for v1beta1

    bool present = false; // `exec:` is there, even if empty (then it is invalid)

    bool isSet() const { return present; }
    bool operator==(const ExecConfig &) const = default;
};
