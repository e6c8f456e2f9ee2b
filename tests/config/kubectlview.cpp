#include "tests/config/kubectlview.h"

#include "core/config/contextresolver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

void setIf(QJsonObject *o, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        o->insert(key, value);
}

void setIf(QJsonObject *o, const QString &key, const QByteArray &value)
{
    if (!value.isEmpty())
        o->insert(key, QString::fromLatin1(value.toBase64()));
}

QJsonValue namedList(const QJsonArray &list, const QString &bodyKey)
{
    if (list.isEmpty())
        return QJsonValue(QJsonValue::Null);
    QJsonObject byName;
    for (const QJsonValue &item : list)
        byName.insert(item[QStringLiteral("name")].toString(), item[bodyKey]);
    return byName;
}

bool inlineFile(QString *path, QByteArray *data, const QString &origin, QString *error)
{
    if (path->isEmpty())
        return true;
    if (!data->isEmpty()) {
        *error = QStringLiteral("both path and data");
        return false;
    }
    QFile file(ContextResolver::resolvePath(*path, origin));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.fileName() + QStringLiteral(": ") + file.errorString();
        return false;
    }
    *data = file.readAll();
    path->clear();
    return true;
}

} // namespace

QString KubectlView::differences(const QJsonValue &ours, const QJsonValue &theirs,
                                 const QString &path)
{
    if (ours == theirs)
        return QString();
    if (ours.isObject() && theirs.isObject()) {
        QString out;
        QStringList keys = ours.toObject().keys() + theirs.toObject().keys();
        keys.removeDuplicates();
        for (const QString &key : std::as_const(keys))
            out += differences(ours[key], theirs[key], path.isEmpty() ? key : path + u'.' + key);
        return out;
    }
    const auto text = [](const QJsonValue &v) {
        return v.isUndefined()
                   ? QStringLiteral("(absent)")
                   : QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
    };
    return QStringLiteral("%1: ours %2, kubectl %3\n").arg(path, text(ours), text(theirs));
}

QJsonObject KubectlView::cluster(const ClusterConfig &c)
{
    QJsonObject o;
    o.insert(QStringLiteral("server"), c.server);
    setIf(&o, QStringLiteral("certificate-authority"), c.certificateAuthority);
    setIf(&o, QStringLiteral("certificate-authority-data"), c.certificateAuthorityData);
    if (c.insecureSkipTlsVerify)
        o.insert(QStringLiteral("insecure-skip-tls-verify"), true);
    setIf(&o, QStringLiteral("tls-server-name"), c.tlsServerName);
    setIf(&o, QStringLiteral("proxy-url"), c.proxyUrl);
    if (c.disableCompression)
        o.insert(QStringLiteral("disable-compression"), true);
    return o;
}

QJsonObject KubectlView::user(const UserConfig &u)
{
    QJsonObject o;
    setIf(&o, QStringLiteral("client-certificate"), u.clientCertificate);
    setIf(&o, QStringLiteral("client-certificate-data"), u.clientCertificateData);
    setIf(&o, QStringLiteral("client-key"), u.clientKey);
    setIf(&o, QStringLiteral("client-key-data"), u.clientKeyData);
    setIf(&o, QStringLiteral("token"), u.token);
    setIf(&o, QStringLiteral("tokenFile"), u.tokenFile);
    setIf(&o, QStringLiteral("as"), u.impersonate);
    setIf(&o, QStringLiteral("username"), u.username);
    setIf(&o, QStringLiteral("password"), u.password);
    if (u.authProviderSet) {
        QJsonObject provider{{QStringLiteral("name"), u.authProviderName}};
        QJsonObject config;
        for (auto it = u.authProviderConfig.begin(); it != u.authProviderConfig.end(); ++it)
            config.insert(it.key(), it.value());
        provider.insert(QStringLiteral("config"),
                        config.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(config));
        o.insert(QStringLiteral("auth-provider"), provider);
    }
    if (u.exec.isSet()) {
        QJsonObject exec{{QStringLiteral("command"), u.exec.command},
                         {QStringLiteral("apiVersion"), u.exec.apiVersion},
                         {QStringLiteral("provideClusterInfo"), u.exec.provideClusterInfo}};
        if (exec.value(QStringLiteral("apiVersion")).toString().isEmpty())
            exec.remove(QStringLiteral("apiVersion"));
        exec.insert(QStringLiteral("args"),
                    u.exec.argsSet ? QJsonValue(QJsonArray::fromStringList(u.exec.args))
                                   : QJsonValue(QJsonValue::Null));
        QJsonArray env;
        for (const auto &[name, value] : u.exec.env)
            env.append(
                QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
        exec.insert(QStringLiteral("env"),
                    u.exec.envSet ? QJsonValue(env) : QJsonValue(QJsonValue::Null));
        setIf(&exec, QStringLiteral("installHint"), u.exec.installHint);
        setIf(&exec, QStringLiteral("interactiveMode"), u.exec.interactiveMode);
        o.insert(QStringLiteral("exec"), exec);
    }
    return o;
}

QJsonObject KubectlView::render(const Kubeconfig &config)
{
    QJsonObject clusters;
    for (const auto &entry : config.clusters())
        clusters.insert(entry.name, cluster(entry.value));
    QJsonObject users;
    for (const auto &entry : config.users())
        users.insert(entry.name, user(entry.value));
    QJsonObject contexts;
    for (const auto &entry : config.contextEntries()) {
        QJsonObject o{{QStringLiteral("cluster"), entry.value.cluster},
                      {QStringLiteral("user"), entry.value.user}};
        setIf(&o, QStringLiteral("namespace"), entry.value.namespaceName);
        contexts.insert(entry.name, o);
    }
    const auto orNull = [](const QJsonObject &o) {
        return o.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(o);
    };
    return {{QStringLiteral("clusters"), orNull(clusters)},
            {QStringLiteral("users"), orNull(users)},
            {QStringLiteral("contexts"), orNull(contexts)},
            {QStringLiteral("current-context"), config.currentContext()}};
}

bool KubectlView::flatten(const Kubeconfig &config, QJsonObject *out, QString *error)
{
    *out = render(config);
    QJsonObject clusters = out->value(QStringLiteral("clusters")).toObject();
    for (auto entry : config.clusters()) {
        if (!inlineFile(&entry.value.certificateAuthority, &entry.value.certificateAuthorityData,
                        entry.origin, error))
            return false;
        clusters.insert(entry.name, cluster(entry.value));
    }
    QJsonObject users = out->value(QStringLiteral("users")).toObject();
    for (auto entry : config.users()) {
        if (!inlineFile(&entry.value.clientCertificate, &entry.value.clientCertificateData,
                        entry.origin, error) ||
            !inlineFile(&entry.value.clientKey, &entry.value.clientKeyData, entry.origin, error))
            return false;
        users.insert(entry.name, user(entry.value));
    }
    if (!clusters.isEmpty())
        out->insert(QStringLiteral("clusters"), clusters);
    if (!users.isEmpty())
        out->insert(QStringLiteral("users"), users);
    return true;
}

QJsonObject KubectlView::normalize(const QJsonObject &kubectlJson)
{
    return {
        {QStringLiteral("clusters"),
         namedList(kubectlJson[QStringLiteral("clusters")].toArray(), QStringLiteral("cluster"))},
        {QStringLiteral("users"),
         namedList(kubectlJson[QStringLiteral("users")].toArray(), QStringLiteral("user"))},
        {QStringLiteral("contexts"),
         namedList(kubectlJson[QStringLiteral("contexts")].toArray(), QStringLiteral("context"))},
        {QStringLiteral("current-context"), kubectlJson[QStringLiteral("current-context")]}};
}
