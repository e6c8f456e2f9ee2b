#include "core/install/templatefiller.h"

#include <QTest>

class TestTemplateFiller : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fillsAndEscapesForXml();
    void escapesForCStrings();
    void missingValueIsAnError();
    void escapingFollowsTheFileName();
};

void TestTemplateFiller::fillsAndEscapesForXml()
{
    QString error;
    const auto out = TemplateFiller::fill(
        "<string>@REQ@</string><key>@ID@</key>@ID@ a@b.c @@",
        {{QStringLiteral("REQ"), QStringLiteral("info [V] >= \"1.0\" & 'x' < y")},
         {QStringLiteral("ID"), QStringLiteral("io.example")}},
        TemplateFiller::Escaping::Xml, &error);
    QVERIFY2(out, qPrintable(error));
    QCOMPARE(*out, QByteArray("<string>info [V] &gt;= &quot;1.0&quot; &amp; &apos;x&apos; &lt; "
                              "y</string><key>io.example</key>io.example a@b.c @@"));
}

void TestTemplateFiller::escapesForCStrings()
{
    QString error;
    const auto out = TemplateFiller::fill(
        "x[] = \"@REQ@\";", {{QStringLiteral("REQ"), QStringLiteral("a \"b\" \\ c\n")}},
        TemplateFiller::Escaping::CString, &error);
    QVERIFY(out);
    QCOMPARE(*out, QByteArray("x[] = \"a \\\"b\\\" \\\\ c\\012\";"));
}

void TestTemplateFiller::missingValueIsAnError()
{
    QString error;
    QVERIFY(!TemplateFiller::fill("<string>@HELPER_REQUIREMENT@</string>", {},
                                  TemplateFiller::Escaping::Xml, &error));
    QVERIFY2(error.contains(u"@HELPER_REQUIREMENT@"), qPrintable(error));
}

void TestTemplateFiller::escapingFollowsTheFileName()
{
    QCOMPARE(TemplateFiller::escapingFor(QStringLiteral("Info.plist")),
             TemplateFiller::Escaping::Xml);
    QCOMPARE(TemplateFiller::escapingFor(QStringLiteral("app.entitlements")),
             TemplateFiller::Escaping::Xml);
    QCOMPARE(TemplateFiller::escapingFor(QStringLiteral("signingidentity.h")),
             TemplateFiller::Escaping::CString);
    QVERIFY(!TemplateFiller::escapingFor(QStringLiteral("script.sh")));
}

QTEST_GUILESS_MAIN(TestTemplateFiller)
#include "tst_templatefiller.moc"
