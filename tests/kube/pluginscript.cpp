#include "tests/kube/pluginscript.h"

#include <QDir>
#include <QFile>

QString PluginScript::write(const QString &dir, const QString &name, const QByteArray &body)
{
    const QString path = QDir(dir).filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QString();
    file.write("#!/bin/sh\necho run >> '" +
               QFile::encodeName(QDir(dir).filePath(QStringLiteral("runs"))) + "'\n" + body);
    file.close();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return path;
}

int PluginScript::runs(const QString &dir)
{
    QFile file(QDir(dir).filePath(QStringLiteral("runs")));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return int(file.readAll().count('\n'));
}

QByteArray PluginScript::tokenBody(const QByteArray &apiVersion, const QByteArray &prefix,
                                   const QByteArray &expiry)
{
    const QByteArray runs = "$(wc -l < \"$(dirname \"$0\")/runs\" | tr -d ' ')";
    const QByteArray expiryField =
        expiry.isEmpty() ? QByteArray() : ",\"expirationTimestamp\":\"" + expiry + "\"";
    return "printf '{\"apiVersion\":\"" + apiVersion +
           "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + prefix + "-%s\"" +
           expiryField + "}}' \"" + runs + "\"\n";
}
