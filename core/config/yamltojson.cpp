#include "core/config/yamltojson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

namespace {

bool isOneOf(const QString &text, std::initializer_list<const char16_t *> words)
{
    for (const char16_t *word : words) {
        if (text == QStringView(word))
            return true;
    }
    return false;
}

// strconv.ParseInt(s, 0, 64) / ParseUint: an optional sign, then 0x / 0o / 0b / leading-0
// octal or decimal digits.
bool parseGoInteger(const QString &text, double *value)
{
    QString digits = text;
    bool negative = false;
    if (digits.startsWith(u'+') || digits.startsWith(u'-')) {
        negative = digits.startsWith(u'-');
        digits.remove(0, 1);
    }
    if (digits.isEmpty())
        return false;
    int base = 10;
    if (digits.size() > 1 && digits.at(0) == u'0') {
        const QChar marker = digits.at(1).toLower();
        if (marker == u'x' || marker == u'o' || marker == u'b') {
            base = marker == u'x' ? 16 : marker == u'o' ? 8 : 2;
            digits.remove(0, 2);
        } else {
            base = 8;
            digits.remove(0, 1);
        }
        if (digits.isEmpty())
            return false;
    }
    bool ok = false;
    const qulonglong magnitude = digits.toULongLong(&ok, base);
    if (!ok)
        return false;
    *value = negative ? -double(magnitude) : double(magnitude);
    return true;
}

QJsonValue convertNode(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
        return QJsonValue(QJsonValue::Null);
    case YAML::NodeType::Scalar: {
        const QString text = QString::fromStdString(node.Scalar());
        const std::string &tag = node.Tag();
        // "!" marks a quoted or block scalar; an explicit !!str or !!binary keeps text too.
        if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "tag:yaml.org,2002:binary")
            return text;
        return YamlToJson::resolvePlainScalar(text);
    }
    case YAML::NodeType::Sequence: {
        QJsonArray array;
        for (const YAML::Node &item : node)
            array.append(convertNode(item));
        return array;
    }
    case YAML::NodeType::Map: {
        QJsonObject object;
        for (const auto &pair : node) {
            // JSON keys are strings; a later duplicate wins, as in kubectl.
            const QJsonValue key = convertNode(pair.first);
            QString name;
            if (key.isString())
                name = key.toString();
            else if (key.isBool())
                name = key.toBool() ? QStringLiteral("true") : QStringLiteral("false");
            else if (key.isDouble())
                name = QString::number(key.toDouble());
            else if (key.isNull())
                name = QStringLiteral("null");
            else
                name = QString::fromStdString(pair.first.Scalar());
            object.insert(name, convertNode(pair.second));
        }
        return object;
    }
    }
    return QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonValue YamlToJson::resolvePlainScalar(const QString &text)
{
    if (text.isEmpty() || isOneOf(text, {u"~", u"null", u"Null", u"NULL"}))
        return QJsonValue(QJsonValue::Null);
    if (isOneOf(text, {u"y", u"Y", u"yes", u"Yes", u"YES", u"on", u"On", u"ON", u"true", u"True",
                       u"TRUE"}))
        return true;
    if (isOneOf(text, {u"n", u"N", u"no", u"No", u"NO", u"off", u"Off", u"OFF", u"false", u"False",
                       u"FALSE"}))
        return false;
    if (isOneOf(text, {u".inf", u".Inf", u".INF", u"+.inf", u"+.Inf", u"+.INF"}))
        return std::numeric_limits<double>::max();
    if (isOneOf(text, {u"-.inf", u"-.Inf", u"-.INF"}))
        return -std::numeric_limits<double>::max();
    if (isOneOf(text, {u".nan", u".NaN", u".NAN"}))
        return 0.0;
    const QChar first = text.at(0);
    if (first == u'.') {
        bool ok = false;
        const double value = text.toDouble(&ok);
        if (ok)
            return value;
        return text;
    }
    if (!first.isDigit() && first != u'+' && first != u'-')
        return text;
    // Dates (2001-12-14) stay strings: go-yaml keeps them as text for untyped targets.
    static const QRegularExpression date(QStringLiteral(R"(^\d{4}-\d\d?-\d\d?([Tt ].*)?$)"));
    if (date.match(text).hasMatch())
        return text;
    const QString plain = QString(text).remove(u'_');
    double value = 0;
    if (parseGoInteger(plain, &value))
        return value;
    static const QRegularExpression goFloat(
        QStringLiteral(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)"));
    if (goFloat.match(plain).hasMatch()) {
        bool ok = false;
        value = plain.toDouble(&ok);
        if (ok && std::isfinite(value))
            return value;
    }
    return text;
}

QList<QJsonValue> YamlToJson::convertAll(const QByteArray &yaml, QString *error)
{
    try {
        QList<QJsonValue> documents;
        for (const YAML::Node &root : YAML::LoadAll(yaml.toStdString())) {
            if (root.IsDefined() && !root.IsNull())
                documents.append(convertNode(root));
        }
        return documents;
    } catch (const YAML::DeepRecursion &e) {
        *error = QStringLiteral("it is nested too deeply (line %1)").arg(e.mark.line + 1);
    } catch (const YAML::Exception &e) {
        *error = QStringLiteral("it is not valid YAML: %1 at line %2, column %3")
                     .arg(QString::fromStdString(e.msg))
                     .arg(e.mark.line + 1)
                     .arg(e.mark.column + 1);
    }
    return {};
}

QJsonValue YamlToJson::convert(const QByteArray &yaml, QString *error)
{
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        if (!root.IsDefined() || root.IsNull())
            return QJsonObject();
        return convertNode(root);
    } catch (const YAML::DeepRecursion &e) {
        *error = QStringLiteral("it is nested too deeply to be a kubeconfig (line %1)")
                     .arg(e.mark.line + 1);
    } catch (const YAML::Exception &e) {
        *error = QStringLiteral("it is not valid YAML: %1 at line %2, column %3")
                     .arg(QString::fromStdString(e.msg))
                     .arg(e.mark.line + 1)
                     .arg(e.mark.column + 1);
    }
    return QJsonValue(QJsonValue::Undefined);
}
