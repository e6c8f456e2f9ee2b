// The Linux package: the .deb CPack builds, and `cmake --install --prefix` for other
// distributions. Both must put every file in its standard place, with the helper's real
// path inside the D-Bus activation file and the systemd unit.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int buildTimeoutMs = 10 * 60 * 1000;

struct Run
{
    bool ok = false;
    QByteArray output;
};

Run run(const QString &program, const QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(QStringLiteral(K8S_HOSTS_BUILD_DIR));
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(program, arguments);
    if (!finished.wait(buildTimeoutMs)) {
        process.kill();
        finished.wait(5000);
        return {false, "timed out"};
    }
    return {process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
            process.readAll()};
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Where each file belongs, relative to the prefix.
const QStringList installedFiles{
    QStringLiteral("bin/k8s-hosts"),
    QStringLiteral("bin/k8s-hosts-controller"),
    QStringLiteral("libexec/k8s-hosts-helper"),
    QStringLiteral("share/dbus-1/system.d/io.github.k8shosts.Helper.conf"),
    QStringLiteral("share/dbus-1/system-services/io.github.k8shosts.Helper.service"),
    QStringLiteral("share/polkit-1/actions/io.github.k8shosts.policy"),
    QStringLiteral("lib/systemd/system/k8s-hosts-helper.service"),
    QStringLiteral("share/applications/io.github.k8shosts.K8sHosts.desktop"),
    QStringLiteral("share/k8s-hosts/autostart/io.github.k8shosts.K8sHosts.desktop"),
    QStringLiteral("share/icons/hicolor/scalable/apps/io.github.k8shosts.K8sHosts.svg"),
    QStringLiteral("share/icons/hicolor/16x16/apps/io.github.k8shosts.K8sHosts.png"),
    QStringLiteral("share/icons/hicolor/48x48/apps/io.github.k8shosts.K8sHosts.png"),
    QStringLiteral("share/icons/hicolor/256x256/apps/io.github.k8shosts.K8sHosts.png"),
};

} // namespace

class TestLinuxPackage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void debPutsEveryFileInItsPlace();
    void cmakeInstallFollowsThePrefix();

private:
    void expectHelperPath(const QString &root, const QString &prefix);
};

void TestLinuxPackage::expectHelperPath(const QString &root, const QString &prefix)
{
    const QByteArray exec = "\nExec=" + prefix.toUtf8() + "/libexec/k8s-hosts-helper\n";
    QVERIFY2(readFile(root + prefix +
                      QStringLiteral("/share/dbus-1/system-services/"
                                     "io.github.k8shosts.Helper.service"))
                 .contains(exec),
             exec.constData());
    const QByteArray execStart = "\nExecStart=" + prefix.toUtf8() + "/libexec/k8s-hosts-helper\n";
    QVERIFY2(
        readFile(root + prefix + QStringLiteral("/lib/systemd/system/k8s-hosts-helper.service"))
            .contains(execStart),
        execStart.constData());
}

void TestLinuxPackage::debPutsEveryFileInItsPlace()
{
    QTemporaryDir out;
    QVERIFY(out.isValid());
    const Run cpack =
        run(QStringLiteral(K8S_HOSTS_CPACK),
            {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("-B"), out.path(),
             QStringLiteral("--config"), QStringLiteral(K8S_HOSTS_BUILD_DIR "/CPackConfig.cmake")});
    QVERIFY2(cpack.ok, cpack.output.constData());
    const QStringList debs = QDir(out.path()).entryList({QStringLiteral("*.deb")}, QDir::Files);
    QCOMPARE(debs.size(), 1);
    const QString deb = out.filePath(debs.first());

    const Run contents = run(QStringLiteral("dpkg"), {QStringLiteral("-c"), deb});
    QVERIFY2(contents.ok, contents.output.constData());
    for (const QString &file : installedFiles)
        QVERIFY2(contents.output.contains(" ./usr/" + file.toUtf8() + '\n'),
                 qPrintable(file + QStringLiteral(" is missing from the package")));
    QVERIFY2(!contents.output.contains("/usr/local"), contents.output.constData());

    const Run depends =
        run(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), deb, QStringLiteral("Depends")});
    QVERIFY(depends.ok);
    for (const char *package : {"libqt6core6", "libqt6dbus6", "dbus", "polkitd"})
        QVERIFY2(depends.output.contains(package), depends.output.constData());

    const Run info = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-I"), deb});
    QVERIFY(info.ok);
    for (const char *script : {"postinst", "prerm", "postrm"})
        QVERIFY2(info.output.contains(script), info.output.constData());

    const QString root = out.filePath(QStringLiteral("root"));
    QVERIFY(run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), deb, root}).ok);
    expectHelperPath(root, QStringLiteral("/usr"));
}

void TestLinuxPackage::cmakeInstallFollowsThePrefix()
{
    QTemporaryDir stage;
    QVERIFY(stage.isValid());
    // The documented path: the prefix given at install time, staged under DESTDIR here.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DESTDIR"), stage.path());
    const QString prefix = QStringLiteral("/opt/k8s-hosts");
    const Run install = run(QStringLiteral(K8S_HOSTS_CMAKE),
                            {QStringLiteral("--install"), QStringLiteral(K8S_HOSTS_BUILD_DIR),
                             QStringLiteral("--prefix"), prefix},
                            environment);
    QVERIFY2(install.ok, install.output.constData());
    for (const QString &file : installedFiles)
        QVERIFY2(QFile::exists(stage.path() + prefix + u'/' + file), qPrintable(file));
    expectHelperPath(stage.path(), prefix);
}

QTEST_GUILESS_MAIN(TestLinuxPackage)
#include "tst_linuxpackage.moc"
