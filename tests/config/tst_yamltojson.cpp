// YAML typing as kubectl's go-yaml v2 sees it: the traps that turn a name into a bool.
#include "core/config/yamltojson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

class TestYamlToJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plainScalars_data();
    void plainScalars();
    void quotedScalarsStayText();
    void laterDuplicateKeyWins();
    void emptyDocumentIsEmptyObject();
    void syntaxErrorNamesTheLine();
    void deepNestingIsAnErrorNotACrash();
};

void TestYamlToJson::plainScalars_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonValue>("expected");
    const QJsonValue null(QJsonValue::Null);
    for (const char *t : {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"})
        QTest::addRow("true %s", t) << QString::fromLatin1(t) << QJsonValue(true);
    for (const char *f : {"n", "N", "no", "No", "off", "OFF", "false", "False"})
        QTest::addRow("false %s", f) << QString::fromLatin1(f) << QJsonValue(false);
    for (const char *n : {"~", "null", "Null", "NULL"})
        QTest::addRow("null %s", n) << QString::fromLatin1(n) << null;
    QTest::newRow("int") << QStringLiteral("6443") << QJsonValue(6443);
    QTest::newRow("octal") << QStringLiteral("017") << QJsonValue(15);
    QTest::newRow("hex") << QStringLiteral("0x1F") << QJsonValue(31);
    QTest::newRow("binary") << QStringLiteral("0b101") << QJsonValue(5);
    QTest::newRow("underscores") << QStringLiteral("1_000") << QJsonValue(1000);
    QTest::newRow("not octal, a float") << QStringLiteral("08") << QJsonValue(8.0);
    QTest::newRow("float") << QStringLiteral("1.5e3") << QJsonValue(1500.0);
    QTest::newRow("leading dot") << QStringLiteral(".5") << QJsonValue(0.5);
    QTest::newRow("signed") << QStringLiteral("-3") << QJsonValue(-3);
    QTest::newRow("date stays text")
        << QStringLiteral("2001-12-14") << QJsonValue(u"2001-12-14"_qs);
    QTest::newRow("version") << QStringLiteral("1.2.3") << QJsonValue(u"1.2.3"_qs);
    QTest::newRow("host:port") << QStringLiteral("127.0.0.1:6443")
                               << QJsonValue(u"127.0.0.1:6443"_qs);
    QTest::newRow("word") << QStringLiteral("kind-dev") << QJsonValue(u"kind-dev"_qs);
    QTest::newRow("yes-ish") << QStringLiteral("yesterday") << QJsonValue(u"yesterday"_qs);
    QTest::newRow("dash word") << QStringLiteral("-x") << QJsonValue(u"-x"_qs);
}

void TestYamlToJson::plainScalars()
{
    QFETCH(QString, text);
    QFETCH(QJsonValue, expected);
    QCOMPARE(YamlToJson::resolvePlainScalar(text), expected);
    QString error;
    const QJsonValue doc = YamlToJson::convert(QByteArray("k: ") + text.toUtf8(), &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(doc[QStringLiteral("k")], expected);
}

void TestYamlToJson::quotedScalarsStayText()
{
    QString error;
    const QJsonValue doc =
        YamlToJson::convert("a: \"yes\"\nb: '6443'\nc: !!str on\nd: |\n  n\n", &error);
    QCOMPARE(doc[QStringLiteral("a")], QJsonValue(u"yes"_qs));
    QCOMPARE(doc[QStringLiteral("b")], QJsonValue(u"6443"_qs));
    QCOMPARE(doc[QStringLiteral("c")], QJsonValue(u"on"_qs));
    QCOMPARE(doc[QStringLiteral("d")], QJsonValue(u"n\n"_qs));
}

void TestYamlToJson::laterDuplicateKeyWins()
{
    QString error;
    const QJsonValue doc = YamlToJson::convert("{server: a, server: b}", &error);
    QCOMPARE(doc[QStringLiteral("server")], QJsonValue(u"b"_qs));
}

void TestYamlToJson::emptyDocumentIsEmptyObject()
{
    QString error;
    QCOMPARE(YamlToJson::convert("", &error), QJsonValue(QJsonObject()));
    QCOMPARE(YamlToJson::convert("# only a comment\n", &error), QJsonValue(QJsonObject()));
    QVERIFY(error.isEmpty());
}

void TestYamlToJson::syntaxErrorNamesTheLine()
{
    QString error;
    const QJsonValue doc = YamlToJson::convert("clusters:\n- name: a\n  cluster: [1, 2\n", &error);
    QVERIFY(doc.isUndefined());
    QVERIFY2(error.contains(u"line"), qPrintable(error));
}

void TestYamlToJson::deepNestingIsAnErrorNotACrash()
{
    QString error;
    const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
    QVERIFY(YamlToJson::convert(deep, &error).isUndefined());
    QVERIFY2(error.contains(u"nested too deeply"), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestYamlToJson)
#include "tst_yamltojson.moc"
