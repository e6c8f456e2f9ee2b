#include "core/dns/tsigkey.h"

#include <QFile>
#include <QRegularExpression>

namespace {

// named.conf comments: #, // at the start of a line (a base64 secret may hold "//"), and
// /* */ (never in base64).
QByteArray withoutComments(const QByteArray &text)
{
    static const QRegularExpression comments(
        QStringLiteral(R"re(/\*.*?\*/|^\s*//[^\n]*|#[^\n]*)re"),
        QRegularExpression::DotMatchesEverythingOption | QRegularExpression::MultilineOption);
    return QString::fromUtf8(text).replace(comments, QStringLiteral(" ")).toUtf8();
}

} // namespace

bool TsigKey::isKnownAlgorithm(const QString &algorithm)
{
    static const QStringList known = {
        QStringLiteral("hmac-sha1"),   QStringLiteral("hmac-sha224"),
        QStringLiteral("hmac-sha256"), QStringLiteral("hmac-sha384"),
        QStringLiteral("hmac-sha512"), QStringLiteral("hmac-md5.sig-alg.reg.int"),
    };
    return known.contains(algorithm.toLower());
}

std::optional<TsigKey> TsigKey::parse(const QByteArray &text, QString *error)
{
    static const QRegularExpression block(
        QStringLiteral(R"re(\bkey\s+("([^"]+)"|([^\s{;]+))\s*\{([^}]*)\}\s*;?)re"));
    static const QRegularExpression algorithmLine(
        QStringLiteral(R"re(\balgorithm\s+"?([A-Za-z0-9.-]+)"?\s*;)re"));
    static const QRegularExpression secretLine(QStringLiteral(R"re(\bsecret\s+"([^"]*)"\s*;)re"));
    const QString clean = QString::fromUtf8(withoutComments(text));
    auto blocks = block.globalMatch(clean);
    if (!blocks.hasNext()) {
        *error = QStringLiteral("no key block in it (expected key \"name\" { algorithm …; "
                                "secret \"…\"; }; as tsig-keygen writes it)");
        return std::nullopt;
    }
    const QRegularExpressionMatch match = blocks.next();
    if (blocks.hasNext()) {
        *error = QStringLiteral("it holds more than one key; give a file with only the key "
                                "for this zone");
        return std::nullopt;
    }
    TsigKey key;
    key.name = match.captured(2).isEmpty() ? match.captured(3) : match.captured(2);
    if (key.name.endsWith(u'.'))
        key.name.chop(1);
    const QString body = match.captured(4);
    const QRegularExpressionMatch algorithm = algorithmLine.match(body);
    const QRegularExpressionMatch secret = secretLine.match(body);
    if (!algorithm.hasMatch() || !secret.hasMatch()) {
        *error = QStringLiteral("key %1 needs both an algorithm and a secret").arg(key.name);
        return std::nullopt;
    }
    key.algorithm = algorithm.captured(1).toLower();
    if (key.algorithm.endsWith(u'.'))
        key.algorithm.chop(1);
    if (!isKnownAlgorithm(key.algorithm)) {
        *error = QStringLiteral("key %1 uses %2; use hmac-sha256 (or hmac-sha1, -sha224, "
                                "-sha384, -sha512)")
                     .arg(key.name, key.algorithm);
        return std::nullopt;
    }
    key.secret = secret.captured(1).trimmed().toLatin1();
    const auto decoded =
        QByteArray::fromBase64Encoding(key.secret, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty()) {
        *error = QStringLiteral("the secret of key %1 is not base64").arg(key.name);
        return std::nullopt;
    }
    return key;
}

std::optional<TsigKey> TsigKey::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the TSIG key %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QString problem;
    auto key = parse(file.read(64 * 1024), &problem);
    if (!key)
        *error = QStringLiteral("%1: %2").arg(path, problem);
    return key;
}
