#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

// Converts a YAML (or JSON) document into JSON the way kubectl's decoder sees it: plain
// scalars are typed by YAML 1.1 rules (so `yes`, `y`, `on`, `08` and `1_000` are not strings),
// quoted scalars stay strings, and a later duplicate key replaces an earlier one.
class YamlToJson
{
public:
    // Returns the first document as JSON; an empty document is an empty object. On a syntax
    // error returns an undefined value and sets *error to a sentence with the line number.
    static QJsonValue convert(const QByteArray &yaml, QString *error);
    // Every non-empty document of a multi-document stream ("---" between them), in order. On
    // a syntax error returns nothing and sets *error.
    static QList<QJsonValue> convertAll(const QByteArray &yaml, QString *error);

    // Types one plain (unquoted, untagged) scalar as go-yaml v2 does.
    static QJsonValue resolvePlainScalar(const QString &text);
};
