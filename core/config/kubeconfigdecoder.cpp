#include "core/config/kubeconfigdecoder.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

namespace {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("a mapping");
    default:
        return QStringLiteral("null");
    }
}

// Reads typed fields out of one JSON object, remembering the first error with its path.
class FieldReader
{
public:
    FieldReader(const QJsonObject &object, QString path, QString *error)
        : m_object(object)
        , m_path(std::move(path))
        , m_error(error)
    {}

    QString where(const QString &key) const { return m_path.isEmpty() ? key : m_path + u'.' + key; }

    bool fail(const QString &key, const QString &expected) const
    {
        if (m_error->isEmpty())
            *m_error = QStringLiteral("%1 must be %2, not %3")
                           .arg(where(key), expected, typeName(m_object.value(key)));
        return false;
    }

    bool string(const QString &key, QString *out) const
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isString())
            return fail(key, QStringLiteral("a string"));
        *out = value.toString();
        return true;
    }

    bool boolean(const QString &key, bool *out) const
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isBool())
            return fail(key, QStringLiteral("true or false"));
        *out = value.toBool();
        return true;
    }

    bool bytes(const QString &key, QByteArray *out) const
    {
        QString text;
        if (!string(key, &text))
            return false;
        if (!KubeconfigDecoder::decodeBase64(text, out)) {
            if (m_error->isEmpty())
                *m_error = QStringLiteral("%1 is not valid base64").arg(where(key));
            return false;
        }
        return true;
    }

    // Returns false on a type error; *present tells whether there was a non-null value.
    bool object(const QString &key, QJsonObject *out, bool *present = nullptr) const
    {
        const QJsonValue value = m_object.value(key);
        if (present)
            *present = !value.isUndefined() && !value.isNull();
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isObject())
            return fail(key, QStringLiteral("a mapping"));
        *out = value.toObject();
        return true;
    }

    bool array(const QString &key, QJsonArray *out, bool *present = nullptr) const
    {
        const QJsonValue value = m_object.value(key);
        if (present)
            *present = !value.isUndefined() && !value.isNull();
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isArray())
            return fail(key, QStringLiteral("a list"));
        *out = value.toArray();
        return true;
    }

    QString *error() const { return m_error; }

private:
    QJsonObject m_object;
    QString m_path;
    QString *m_error;
};

// Each list item must be a mapping (or null, which Go decodes as a zero item).
bool itemObject(const QJsonValue &item, const QString &path, QJsonObject *out, QString *error)
{
    if (item.isNull())
        return true;
    if (!item.isObject()) {
        *error = QStringLiteral("%1 must be a mapping, not %2").arg(path, typeName(item));
        return false;
    }
    *out = item.toObject();
    return true;
}

bool decodeExec(const FieldReader &user, ExecConfig *exec)
{
    QJsonObject object;
    if (!user.object(QStringLiteral("exec"), &object, &exec->present))
        return false;
    const FieldReader r(object, user.where(QStringLiteral("exec")), user.error());
    QJsonArray args;
    QJsonArray env;
    bool ok = r.string(QStringLiteral("command"), &exec->command) &&
              r.array(QStringLiteral("args"), &args, &exec->argsSet) &&
              r.array(QStringLiteral("env"), &env, &exec->envSet) &&
              r.string(QStringLiteral("apiVersion"), &exec->apiVersion) &&
              r.string(QStringLiteral("installHint"), &exec->installHint) &&
              r.boolean(QStringLiteral("provideClusterInfo"), &exec->provideClusterInfo) &&
              r.string(QStringLiteral("interactiveMode"), &exec->interactiveMode);
    // client-go's defaults: v1beta1 (and the retired v1alpha1) mean IfAvailable when unset.
    if (exec->interactiveMode.isEmpty() &&
        (exec->apiVersion == u"client.authentication.k8s.io/v1beta1" ||
         exec->apiVersion == u"client.authentication.k8s.io/v1alpha1"))
        exec->interactiveMode = QStringLiteral("IfAvailable");
    for (qsizetype i = 0; ok && i < args.size(); ++i) {
        const QJsonValue arg = args.at(i);
        if (!arg.isString() && !arg.isNull()) {
            *user.error() = QStringLiteral("%1.args[%2] must be a string, not %3")
                                .arg(user.where(QStringLiteral("exec")))
                                .arg(i)
                                .arg(typeName(arg));
            return false;
        }
        exec->args.append(arg.toString());
    }
    for (qsizetype i = 0; ok && i < env.size(); ++i) {
        const QString path =
            QStringLiteral("%1.env[%2]").arg(user.where(QStringLiteral("exec"))).arg(i);
        QJsonObject item;
        if (!itemObject(env.at(i), path, &item, user.error()))
            return false;
        const FieldReader e(item, path, user.error());
        QPair<QString, QString> variable;
        ok = e.string(QStringLiteral("name"), &variable.first) &&
             e.string(QStringLiteral("value"), &variable.second);
        exec->env.append(variable);
    }
    return ok;
}

bool decodeUser(const QJsonObject &object, const QString &path, UserConfig *user, QString *error)
{
    const FieldReader r(object, path, error);
    QJsonObject provider;
    const bool ok =
        r.string(QStringLiteral("client-certificate"), &user->clientCertificate) &&
        r.bytes(QStringLiteral("client-certificate-data"), &user->clientCertificateData) &&
        r.string(QStringLiteral("client-key"), &user->clientKey) &&
        r.bytes(QStringLiteral("client-key-data"), &user->clientKeyData) &&
        r.string(QStringLiteral("token"), &user->token) &&
        r.string(QStringLiteral("tokenFile"), &user->tokenFile) &&
        r.string(QStringLiteral("as"), &user->impersonate) &&
        r.string(QStringLiteral("username"), &user->username) &&
        r.string(QStringLiteral("password"), &user->password) && decodeExec(r, &user->exec) &&
        r.object(QStringLiteral("auth-provider"), &provider, &user->authProviderSet);
    if (!ok || !user->authProviderSet)
        return ok;
    const FieldReader p(provider, r.where(QStringLiteral("auth-provider")), error);
    QJsonObject config;
    if (!p.string(QStringLiteral("name"), &user->authProviderName) ||
        !p.object(QStringLiteral("config"), &config))
        return false;
    for (auto it = config.begin(); it != config.end(); ++it) {
        QString value;
        if (!FieldReader(config, p.where(QStringLiteral("config")), error).string(it.key(), &value))
            return false;
        user->authProviderConfig.insert(it.key(), value);
    }
    return true;
}

bool decodeCluster(const QJsonObject &object, const QString &path, ClusterConfig *cluster,
                   QString *error)
{
    const FieldReader r(object, path, error);
    QJsonArray extensions;
    const bool ok =
        r.string(QStringLiteral("server"), &cluster->server) &&
        r.string(QStringLiteral("certificate-authority"), &cluster->certificateAuthority) &&
        r.bytes(QStringLiteral("certificate-authority-data"), &cluster->certificateAuthorityData) &&
        r.boolean(QStringLiteral("insecure-skip-tls-verify"), &cluster->insecureSkipTlsVerify) &&
        r.string(QStringLiteral("tls-server-name"), &cluster->tlsServerName) &&
        r.string(QStringLiteral("proxy-url"), &cluster->proxyUrl) &&
        r.boolean(QStringLiteral("disable-compression"), &cluster->disableCompression) &&
        r.array(QStringLiteral("extensions"), &extensions);
    for (const QJsonValue &extension : std::as_const(extensions)) {
        const QJsonObject item = extension.toObject();
        if (item.value(QStringLiteral("name")).toString() == u"client.authentication.k8s.io/exec")
            cluster->execExtension = item.value(QStringLiteral("extension"));
    }
    return ok;
}

bool decodeContext(const QJsonObject &object, const QString &path, ContextEntry *context,
                   QString *error)
{
    const FieldReader r(object, path, error);
    return r.string(QStringLiteral("cluster"), &context->cluster) &&
           r.string(QStringLiteral("user"), &context->user) &&
           r.string(QStringLiteral("namespace"), &context->namespaceName);
}

// Decodes clusters/users/contexts: [{name, <body>}], rejecting a name used twice in one file.
template <typename T, typename BodyDecoder>
bool decodeList(const FieldReader &top, const QString &listKey, const QString &bodyKey,
                const QString &origin, BodyDecoder decodeBody, QList<NamedEntry<T>> *out)
{
    QJsonArray list;
    if (!top.array(listKey, &list))
        return false;
    QSet<QString> seen;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = QStringLiteral("%1[%2]").arg(listKey).arg(i);
        QJsonObject item;
        if (!itemObject(list.at(i), path, &item, top.error()))
            return false;
        const FieldReader r(item, path, top.error());
        NamedEntry<T> entry;
        entry.origin = origin;
        QJsonObject body;
        if (!r.string(QStringLiteral("name"), &entry.name) || !r.object(bodyKey, &body) ||
            !decodeBody(body, r.where(bodyKey), &entry.value, top.error()))
            return false;
        if (seen.contains(entry.name)) {
            *top.error() = QStringLiteral("%1 has two entries named \"%2\"; remove one")
                               .arg(listKey, entry.name);
            return false;
        }
        seen.insert(entry.name);
        out->append(entry);
    }
    return true;
}

} // namespace

bool KubeconfigDecoder::decodeBase64(const QString &text, QByteArray *bytes)
{
    QByteArray data = text.toLatin1();
    data.replace('\r', QByteArray()).replace('\n', QByteArray());
    if (data.size() % 4 != 0)
        return false;
    const qsizetype padding = data.endsWith("==") ? 2 : data.endsWith('=') ? 1 : 0;
    for (qsizetype i = 0; i < data.size() - padding; ++i) {
        const char c = data.at(i);
        const bool valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (!valid)
            return false;
    }
    *bytes = QByteArray::fromBase64(data);
    return true;
}

bool KubeconfigDecoder::decode(const QJsonValue &document, const QString &origin, Result *result,
                               QString *error)
{
    if (!document.isObject()) {
        *error = QStringLiteral("the top level must be a mapping with clusters, users and "
                                "contexts, not %1")
                     .arg(typeName(document));
        return false;
    }
    const FieldReader top(document.toObject(), QString(), error);
    return top.string(QStringLiteral("current-context"), &result->currentContext) &&
           decodeList<ClusterConfig>(top, QStringLiteral("clusters"), QStringLiteral("cluster"),
                                     origin, decodeCluster, &result->clusters) &&
           decodeList<UserConfig>(top, QStringLiteral("users"), QStringLiteral("user"), origin,
                                  decodeUser, &result->users) &&
           decodeList<ContextEntry>(top, QStringLiteral("contexts"), QStringLiteral("context"),
                                    origin, decodeContext, &result->contexts);
}
