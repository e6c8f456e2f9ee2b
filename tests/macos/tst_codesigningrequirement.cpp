#include "core/install/codesigningrequirement.h"

#include <QTest>

class TestCodeSigningRequirement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void teamSignedAppWithMinimumVersion();
    void teamSignedHelper();
    void adHocNamesTheIdentifierOnly();
    void valuesThatWouldChangeTheMeaningAreRefused_data();
    void valuesThatWouldChangeTheMeaningAreRefused();
};

void TestCodeSigningRequirement::teamSignedAppWithMinimumVersion()
{
    QString error;
    const auto requirement =
        CodeSigningRequirement::build({QStringLiteral("io.github.k8shosts.K8sHosts"),
                                       QStringLiteral("ABCDE12345"), QStringLiteral("0.10.0")},
                                      &error);
    QVERIFY2(requirement, qPrintable(error));
    QCOMPARE(*requirement,
             QStringLiteral("anchor apple generic and identifier \"io.github.k8shosts.K8sHosts\" "
                            "and certificate leaf[subject.OU] = \"ABCDE12345\" and info "
                            "[CFBundleShortVersionString] >= \"0.10.0\""));
}

void TestCodeSigningRequirement::teamSignedHelper()
{
    QString error;
    const auto requirement = CodeSigningRequirement::build(
        {QStringLiteral("io.github.k8shosts.Helper"), QStringLiteral("ABCDE12345"), {}}, &error);
    QVERIFY(requirement);
    QCOMPARE(*requirement, QStringLiteral("anchor apple generic and identifier "
                                          "\"io.github.k8shosts.Helper\" and certificate "
                                          "leaf[subject.OU] = \"ABCDE12345\""));
}

void TestCodeSigningRequirement::adHocNamesTheIdentifierOnly()
{
    QString error;
    const auto requirement = CodeSigningRequirement::build(
        {QStringLiteral("io.github.k8shosts.K8sHosts"), {}, QStringLiteral("1.2.3")}, &error);
    QVERIFY(requirement);
    // No Apple anchor: an ad-hoc signature has no certificate chain to check.
    QCOMPARE(*requirement, QStringLiteral("identifier \"io.github.k8shosts.K8sHosts\" and info "
                                          "[CFBundleShortVersionString] >= \"1.2.3\""));
}

void TestCodeSigningRequirement::valuesThatWouldChangeTheMeaningAreRefused_data()
{
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QString>("team");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("named");
    const QString id = QStringLiteral("io.github.k8shosts.K8sHosts");
    QTest::newRow("quote in the identifier")
        << QStringLiteral("a.b\" or anchor apple generic") << QString() << QString()
        << QStringLiteral("signing identifier");
    QTest::newRow("single part identifier") << QStringLiteral("k8shosts") << QString() << QString()
                                            << QStringLiteral("signing identifier");
    QTest::newRow("empty identifier")
        << QString() << QString() << QString() << QStringLiteral("signing identifier");
    QTest::newRow("lowercase team")
        << id << QStringLiteral("abcde12345") << QString() << QStringLiteral("team ID");
    QTest::newRow("short team") << id << QStringLiteral("ABCDE1234") << QString()
                                << QStringLiteral("team ID");
    QTest::newRow("team injection")
        << id << QStringLiteral("ABCDE1234\" or true") << QString() << QStringLiteral("team ID");
    QTest::newRow("version with words")
        << id << QString() << QStringLiteral("1.0-beta") << QStringLiteral("bundle version");
    QTest::newRow("four part version")
        << id << QString() << QStringLiteral("1.2.3.4") << QStringLiteral("bundle version");
}

void TestCodeSigningRequirement::valuesThatWouldChangeTheMeaningAreRefused()
{
    QFETCH(QString, identifier);
    QFETCH(QString, team);
    QFETCH(QString, version);
    QFETCH(QString, named);
    QString error;
    QVERIFY(!CodeSigningRequirement::build({identifier, team, version}, &error));
    QVERIFY2(error.contains(named), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestCodeSigningRequirement)
#include "tst_codesigningrequirement.moc"
