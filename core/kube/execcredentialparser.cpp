#include "core/kube/execcredentialparser.h"

#include "core/config/yamltojson.h"

#include <QJsonObject>

bool ExecCredentialParser::parse(const QByteArray &output, const QString &apiVersion,
                                 Credentials *credentials, QString *error)
{
    QString syntax;
    const QJsonValue document = YamlToJson::convert(output, &syntax);
    if (!document.isObject() || output.trimmed().isEmpty()) {
        *error = QStringLiteral("printed something that is not an ExecCredential (JSON "
                                "expected); run the command in a terminal to see what it prints");
        return false;
    }
    const QJsonObject object = document.toObject();
    const QString returned = object.value(QStringLiteral("apiVersion")).toString();
    if (returned != apiVersion) {
        *error = QStringLiteral("is configured to use API version %1, but the plugin returned "
                                "version %2; update the plugin or the kubeconfig's "
                                "exec.apiVersion")
                     .arg(apiVersion, returned.isEmpty() ? QStringLiteral("(none)") : returned);
        return false;
    }
    if (object.value(QStringLiteral("kind")).toString() != u"ExecCredential") {
        *error = QStringLiteral("returned kind \"%1\", not ExecCredential")
                     .arg(object.value(QStringLiteral("kind")).toString());
        return false;
    }
    const QJsonValue status = object.value(QStringLiteral("status"));
    if (!status.isObject()) {
        *error = QStringLiteral("returned an ExecCredential without a status");
        return false;
    }
    const QJsonObject s = status.toObject();
    const QJsonValue token = s.value(QStringLiteral("token"));
    const QJsonValue cert = s.value(QStringLiteral("clientCertificateData"));
    const QJsonValue key = s.value(QStringLiteral("clientKeyData"));
    for (const QJsonValue &field : {token, cert, key}) {
        if (!field.isUndefined() && !field.isNull() && !field.isString()) {
            *error = QStringLiteral("returned a status whose token or certificate is not text");
            return false;
        }
    }
    const bool hasCert = !cert.toString().isEmpty();
    const bool hasKey = !key.toString().isEmpty();
    if (hasCert != hasKey) {
        *error = QStringLiteral("returned a client certificate without its key (or a key "
                                "without its certificate)");
        return false;
    }
    if (token.toString().isEmpty() && !hasCert) {
        *error = QStringLiteral("returned neither a token nor a client certificate");
        return false;
    }
    Credentials result;
    result.source = Credentials::Source::ExecPlugin;
    result.bearerToken = token.toString().toUtf8();
    result.clientCertificatePem = cert.toString().toUtf8();
    result.clientKeyPem = key.toString().toUtf8();
    const QJsonValue expiry = s.value(QStringLiteral("expirationTimestamp"));
    if (!expiry.isUndefined() && !expiry.isNull()) {
        result.expiry = QDateTime::fromString(expiry.toString(), Qt::ISODateWithMs);
        if (!result.expiry.isValid()) {
            *error = QStringLiteral("returned an expirationTimestamp that is not an RFC 3339 "
                                    "time (%1)")
                         .arg(expiry.toString().left(40));
            return false;
        }
    }
    *credentials = result;
    return true;
}
