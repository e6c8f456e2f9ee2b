// k8s-hosts-macos-files with a sample identity: byte for byte what tests/macos/golden holds,
// and the links between the files (each side's requirement names the other) stated as checks.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

const QString appRequirement = QStringLiteral(
    "anchor apple generic and identifier \"io.github.k8shosts.K8sHosts\" and certificate "
    "leaf[subject.OU] = \"ABCDE12345\" and info [CFBundleShortVersionString] >= \"1.2.3\"");
const QString helperRequirement =
    QStringLiteral("anchor apple generic and identifier \"io.github.k8shosts.Helper\" and "
                   "certificate leaf[subject.OU] = \"ABCDE12345\"");

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The value of the element the reader is on (dict, array, string, true, false, integer).
QVariant readValue(QXmlStreamReader &xml)
{
    const QStringView name = xml.name();
    if (name == u"dict") {
        QVariantMap map;
        QString key;
        while (xml.readNextStartElement()) {
            if (xml.name() == u"key")
                key = xml.readElementText();
            else
                map.insert(key, readValue(xml));
        }
        return map;
    }
    if (name == u"array") {
        QVariantList list;
        while (xml.readNextStartElement())
            list.append(readValue(xml));
        return list;
    }
    if (name == u"true" || name == u"false") {
        const bool value = name == u"true";
        xml.skipCurrentElement();
        return value;
    }
    if (name == u"integer")
        return xml.readElementText().toLongLong();
    return xml.readElementText();
}

QVariantMap readPlist(const QString &path)
{
    QXmlStreamReader xml(readFile(path));
    while (xml.readNextStartElement()) {
        if (xml.name() == u"plist" && xml.readNextStartElement())
            return readValue(xml).toMap();
    }
    return {};
}

int run(const QStringList &arguments, QString *errors = nullptr)
{
    QProcess tool;
    tool.start(QStringLiteral(K8S_HOSTS_MACOS_FILES), arguments);
    if (!tool.waitForFinished(60000))
        return -1;
    if (errors)
        *errors = QString::fromUtf8(tool.readAllStandardError());
    return tool.exitStatus() == QProcess::NormalExit ? tool.exitCode() : -1;
}

} // namespace

class TestMacosFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesTheGoldenCopy_data();
    void matchesTheGoldenCopy();
    void appAndHelperNameEachOther();
    void daemonPlistsPointAtTheHelper();
    void entitlementsAddNoException();
    void adHocBuildIsMarked();
    void badIdentityFailsTheBuild();

private:
    QString generated(const QString &name) const { return m_out.filePath(name); }

    QTemporaryDir m_out;
};

void TestMacosFiles::initTestCase()
{
    QVERIFY(m_out.isValid());
    QString errors;
    QCOMPARE(
        run({QStringLiteral("--templates"), QStringLiteral(K8S_HOSTS_TEMPLATES_DIR),
             QStringLiteral("--output"), m_out.path(), QStringLiteral("--team-id"),
             QStringLiteral("ABCDE12345"), QStringLiteral("--version"), QStringLiteral("1.2.3"),
             QStringLiteral("--minimum-system-version"), QStringLiteral("12.0")},
            &errors),
        0);
    QVERIFY2(errors.isEmpty(), qPrintable(errors));
}

void TestMacosFiles::matchesTheGoldenCopy_data()
{
    QTest::addColumn<QString>("golden");
    QTest::addColumn<QString>("name");
    const QStringList names =
        QDir(QStringLiteral(K8S_HOSTS_GOLDEN_DIR)).entryList(QDir::Files, QDir::Name);
    QCOMPARE(names.size(), 5);
    for (const QString &golden : names) {
        // The header is kept as .golden so clang-format does not reflow the expected text.
        QString name = golden;
        name.remove(QStringLiteral(".golden"));
        QTest::newRow(qPrintable(name)) << golden << name;
    }
}

void TestMacosFiles::matchesTheGoldenCopy()
{
    QFETCH(QString, golden);
    QFETCH(QString, name);
    const QByteArray actual = readFile(generated(name));
    QVERIFY2(!actual.isEmpty(), qPrintable(name + QStringLiteral(" was not generated")));
    QVERIFY2(actual == readFile(QStringLiteral(K8S_HOSTS_GOLDEN_DIR "/") + golden),
             qPrintable(QStringLiteral("%1 differs from tests/macos/golden/%2; if the template "
                                       "change is intended, copy the generated file there")
                            .arg(name, golden)));
}

void TestMacosFiles::appAndHelperNameEachOther()
{
    const QVariantMap app = readPlist(generated(QStringLiteral("Info.plist")));
    QCOMPARE(app.value(QStringLiteral("CFBundleIdentifier")).toString(),
             QStringLiteral("io.github.k8shosts.K8sHosts"));
    QCOMPARE(app.value(QStringLiteral("LSUIElement")), QVariant(true)); // menu bar, no Dock icon
    QCOMPARE(app.value(QStringLiteral("CFBundleShortVersionString")).toString(),
             QStringLiteral("1.2.3"));
    const QVariantMap privileged = app.value(QStringLiteral("SMPrivilegedExecutables")).toMap();
    QCOMPARE(privileged.keys(), QStringList{QStringLiteral("io.github.k8shosts.Helper")});
    QCOMPARE(privileged.first().toString(), helperRequirement);

    const QVariantMap helper = readPlist(generated(QStringLiteral("Helper-Info.plist")));
    QCOMPARE(helper.value(QStringLiteral("CFBundleIdentifier")).toString(),
             QStringLiteral("io.github.k8shosts.Helper"));
    QCOMPARE(helper.value(QStringLiteral("SMAuthorizedClients")).toList(),
             QVariantList{appRequirement});

    const QByteArray header = readFile(generated(QStringLiteral("signingidentity.h")));
    QVERIFY(header.contains("inline constexpr bool adHoc = false;"));
    QVERIFY(header.contains(
        "appRequirement[] = \"anchor apple generic and identifier \\\"io.github.k8shosts."
        "K8sHosts\\\""));
}

void TestMacosFiles::daemonPlistsPointAtTheHelper()
{
    const QVariantMap daemon =
        readPlist(generated(QStringLiteral("io.github.k8shosts.Helper.plist")));
    QCOMPARE(daemon.value(QStringLiteral("Label")).toString(),
             QStringLiteral("io.github.k8shosts.Helper"));
    QCOMPARE(daemon.value(QStringLiteral("BundleProgram")).toString(),
             QStringLiteral("Contents/Library/LaunchServices/io.github.k8shosts.Helper"));
    QVERIFY(!daemon.contains(QStringLiteral("Program"))); // relative to the bundle only
    QCOMPARE(daemon.value(QStringLiteral("MachServices")).toMap(),
             (QVariantMap{{QStringLiteral("io.github.k8shosts.Helper"), true}}));
    QCOMPARE(daemon.value(QStringLiteral("AssociatedBundleIdentifiers")).toList(),
             QVariantList{QStringLiteral("io.github.k8shosts.K8sHosts")});
    QVERIFY(!daemon.contains(QStringLiteral("KeepAlive"))); // started on demand, exits idle
    QVERIFY(!daemon.contains(QStringLiteral("RunAtLoad")));

    const QVariantMap blessed = readPlist(generated(QStringLiteral("Helper-Launchd.plist")));
    QCOMPARE(blessed.value(QStringLiteral("Label")).toString(),
             QStringLiteral("io.github.k8shosts.Helper"));
    QCOMPARE(blessed.value(QStringLiteral("MachServices")),
             daemon.value(QStringLiteral("MachServices")));
    // SMJobBless fills in the program; the plist must not name one.
    QVERIFY(!blessed.contains(QStringLiteral("Program")));
    QVERIFY(!blessed.contains(QStringLiteral("ProgramArguments")));
}

void TestMacosFiles::entitlementsAddNoException()
{
    for (const QString &name :
         {QStringLiteral("app.entitlements"), QStringLiteral("helper.entitlements")}) {
        const QString path = QStringLiteral(K8S_HOSTS_MACOS_DIR "/") + name;
        QVERIFY2(QFile::exists(path), qPrintable(path));
        QVERIFY2(readPlist(path).isEmpty(), qPrintable(name + QStringLiteral(" grants something")));
        QVERIFY(readFile(path).contains("<dict/>"));
    }
}

void TestMacosFiles::adHocBuildIsMarked()
{
    QTemporaryDir out;
    QVERIFY(out.isValid());
    QCOMPARE(run({QStringLiteral("--templates"), QStringLiteral(K8S_HOSTS_TEMPLATES_DIR),
                  QStringLiteral("--output"), out.path(), QStringLiteral("--version"),
                  QStringLiteral("1.2.3")}),
             0);
    const QByteArray header = readFile(out.filePath(QStringLiteral("signingidentity.h")));
    QVERIFY(header.contains("inline constexpr bool adHoc = true;"));
    QVERIFY(!header.contains("anchor apple"));
    const QVariantMap app = readPlist(out.filePath(QStringLiteral("Info.plist")));
    // SMAppService's macOS, where the helper of any build can be installed.
    QCOMPARE(app.value(QStringLiteral("LSMinimumSystemVersion")).toString(),
             QStringLiteral("13.0"));
}

void TestMacosFiles::badIdentityFailsTheBuild()
{
    QTemporaryDir out;
    QString errors;
    QCOMPARE(run({QStringLiteral("--templates"), QStringLiteral(K8S_HOSTS_TEMPLATES_DIR),
                  QStringLiteral("--output"), out.path(), QStringLiteral("--team-id"),
                  QStringLiteral("ABC\" or true")},
                 &errors),
             1);
    QVERIFY2(errors.contains(u"is not an Apple team ID"), qPrintable(errors));
    QVERIFY(!QFile::exists(out.filePath(QStringLiteral("Info.plist"))));
    QCOMPARE(run({QStringLiteral("--templates"), QStringLiteral("/nonexistent"),
                  QStringLiteral("--output"), out.path()},
                 &errors),
             1);
    QVERIFY2(errors.contains(u"cannot read"), qPrintable(errors));
}

QTEST_GUILESS_MAIN(TestMacosFiles)
#include "tst_macosfiles.moc"
