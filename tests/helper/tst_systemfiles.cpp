// The helper's system files as generated from resources/linux/*.in: byte for byte what the
// golden copies say, and the security properties that matter stated as checks.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray generated(const QString &name)
{
    return readFile(QStringLiteral(K8S_HOSTS_GENERATED_DIR "/") + name);
}

// key=value lines of an ini-style file (the last one wins).
QString iniValue(const QByteArray &text, const QString &key)
{
    QString value;
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(key.toUtf8() + '='))
            value = QString::fromUtf8(line.mid(key.size() + 1)).trimmed();
    }
    return value;
}

} // namespace

class TestSystemFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesTheGoldenCopy_data();
    void matchesTheGoldenCopy();
    void onlyRootOwnsTheBusName();
    void policyActionsAskForAnAdministrator();
    void activationAndUnitAgree();
    void unitIsSandboxed();
};

void TestSystemFiles::matchesTheGoldenCopy_data()
{
    QTest::addColumn<QString>("name");
    const QStringList names = QDir(QStringLiteral(K8S_HOSTS_GOLDEN_DIR)).entryList(QDir::Files);
    QCOMPARE(names.size(), 4);
    for (const QString &name : names)
        QTest::newRow(qPrintable(name)) << name;
}

void TestSystemFiles::matchesTheGoldenCopy()
{
    QFETCH(QString, name);
    const QByteArray actual = generated(name);
    QVERIFY2(!actual.isEmpty(), qPrintable(name + QStringLiteral(" was not generated")));
    QVERIFY2(actual == readFile(QStringLiteral(K8S_HOSTS_GOLDEN_DIR "/") + name),
             qPrintable(QStringLiteral("%1 differs from tests/helper/golden/%1; if the template "
                                       "change is intended, copy the generated file there")
                            .arg(name)));
}

void TestSystemFiles::onlyRootOwnsTheBusName()
{
    QXmlStreamReader xml(generated(QStringLiteral("io.github.k8shosts.Helper.conf")));
    QString policyUser;
    int owns = 0;
    int sends = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto attributes = xml.attributes();
        if (xml.name() == u"policy") {
            policyUser = attributes.value(QStringLiteral("user")).toString();
        } else if (xml.name() == u"allow" && attributes.hasAttribute(QStringLiteral("own"))) {
            ++owns;
            QCOMPARE(policyUser, QStringLiteral("root"));
            QCOMPARE(attributes.value(QStringLiteral("own")).toString(),
                     QStringLiteral("io.github.k8shosts.Helper"));
        } else if (xml.name() == u"allow") {
            ++sends;
            // Interface rules without a destination would open other services too.
            QCOMPARE(attributes.value(QStringLiteral("send_destination")).toString(),
                     QStringLiteral("io.github.k8shosts.Helper"));
            QVERIFY(attributes.hasAttribute(QStringLiteral("send_interface")));
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(owns, 1);
    QCOMPARE(sends, 4);
}

void TestSystemFiles::policyActionsAskForAnAdministrator()
{
    QXmlStreamReader xml(generated(QStringLiteral("io.github.k8shosts.policy")));
    QMap<QString, QMap<QString, QString>> defaults; // action → element → value
    QString action;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"action")
            action = xml.attributes().value(QStringLiteral("id")).toString();
        else if (xml.name().startsWith(u"allow_"))
            defaults[action][xml.name().toString()] = xml.readElementText();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(defaults.keys(), QStringList({QStringLiteral("io.github.k8shosts.manage-hosts"),
                                           QStringLiteral("io.github.k8shosts.manage-other-blocks"),
                                           QStringLiteral("io.github.k8shosts.manage-policy")}));
    const auto hosts = defaults.value(QStringLiteral("io.github.k8shosts.manage-hosts"));
    QCOMPARE(hosts.value(QStringLiteral("allow_active")), QStringLiteral("auth_admin_keep"));
    QCOMPARE(hosts.value(QStringLiteral("allow_any")), QStringLiteral("auth_admin"));
    QCOMPARE(hosts.value(QStringLiteral("allow_inactive")), QStringLiteral("auth_admin"));
    for (const QString &value : defaults.value(QStringLiteral("io.github.k8shosts.manage-policy")))
        QCOMPARE(value, QStringLiteral("auth_admin")); // every time, never kept
    // Another user's block: an administrator, every time.
    for (const QString &value :
         defaults.value(QStringLiteral("io.github.k8shosts.manage-other-blocks")))
        QCOMPARE(value, QStringLiteral("auth_admin"));
}

void TestSystemFiles::activationAndUnitAgree()
{
    const QByteArray activation = generated(QStringLiteral("io.github.k8shosts.Helper.service"));
    const QByteArray unit = generated(QStringLiteral("k8s-hosts-helper.service"));
    QCOMPARE(iniValue(activation, QStringLiteral("Name")),
             QStringLiteral("io.github.k8shosts.Helper"));
    QCOMPARE(iniValue(activation, QStringLiteral("User")), QStringLiteral("root"));
    QCOMPARE(iniValue(activation, QStringLiteral("Exec")),
             QStringLiteral("/usr/libexec/k8s-hosts-helper"));
    QCOMPARE(iniValue(activation, QStringLiteral("SystemdService")),
             QStringLiteral("k8s-hosts-helper.service"));
    QCOMPARE(iniValue(unit, QStringLiteral("BusName")),
             QStringLiteral("io.github.k8shosts.Helper"));
    QCOMPARE(iniValue(unit, QStringLiteral("ExecStart")),
             QStringLiteral("/usr/libexec/k8s-hosts-helper"));
    QCOMPARE(iniValue(unit, QStringLiteral("Type")), QStringLiteral("dbus"));
}

void TestSystemFiles::unitIsSandboxed()
{
    const QByteArray unit = generated(QStringLiteral("k8s-hosts-helper.service"));
    const QList<std::pair<QString, QString>> expected{
        {QStringLiteral("ProtectSystem"), QStringLiteral("strict")},
        {QStringLiteral("ReadWritePaths"), QStringLiteral("/etc")},
        {QStringLiteral("ProtectHome"), QStringLiteral("yes")},
        {QStringLiteral("DevicePolicy"), QStringLiteral("closed")},
        {QStringLiteral("DeviceAllow"), QStringLiteral("/dev/net/tun rw")},
        {QStringLiteral("IPAddressDeny"), QStringLiteral("any")},
        {QStringLiteral("RestrictAddressFamilies"), QStringLiteral("AF_UNIX AF_INET")},
        {QStringLiteral("NoNewPrivileges"), QStringLiteral("yes")},
        {QStringLiteral("CapabilityBoundingSet"), QStringLiteral("CAP_CHOWN CAP_NET_ADMIN")},
        {QStringLiteral("SystemCallFilter"), QStringLiteral("@system-service")},
        {QStringLiteral("MemoryDenyWriteExecute"), QStringLiteral("yes")},
    };
    for (const auto &[key, value] : expected)
        QCOMPARE(iniValue(unit, key), value);
    QVERIFY2(!unit.contains("[Install]"), "the helper is started by D-Bus, never enabled at boot");
}

QTEST_GUILESS_MAIN(TestSystemFiles)
#include "tst_systemfiles.moc"
