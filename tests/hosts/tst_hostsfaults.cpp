// Real file-system faults, each inside a private mount namespace (unshare -m) so nothing
// outside the test's own temporary directory changes: a bind-mounted hosts file (rename
// fails with EBUSY), a full disk (ENOSPC), a read-only file system (EROFS), and the real
// /etc/hosts path with a temporary file mounted over it.
#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <unistd.h>

namespace {

const QByteArray original = "127.0.0.1 localhost\n# keep this line \xff\n::1 localhost\n";

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

void writeAll(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

QString entries(int count)
{
    QStringList pairs;
    for (int i = 0; i < count; ++i)
        pairs << u"10.0.%1.%2=host-%3.local"_qs.arg(i / 250).arg(i % 250 + 1).arg(i);
    return pairs.join(u' ');
}

struct Run
{
    int exitCode = -1;
    QByteArray output;
};

// Runs a shell script as root in a fresh private mount namespace.
Run inNamespace(const QString &script)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(u"unshare"_qs,
                  {u"-m"_qs, u"--propagation"_qs, u"private"_qs, u"sh"_qs, u"-euc"_qs,
                   u"HOSTSTOOL='" HOSTSTOOL "'; K8S_HOSTS='" K8S_HOSTS_BIN "'\n"_qs + script});
    if (!process.waitForFinished(60000))
        process.kill();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAll()};
}

} // namespace

class TestHostsFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void bindMountedFileIsRewrittenInPlace();
    void realEtcHostsPathInNamespace();
    void fullDiskKeepsOriginal();
    void fullDiskUnderBindMountKeepsOriginal();
    void readOnlyFileSystemKeepsOriginal();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestHostsFaults::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("fault tests mount file systems and need root");
    const Run probe = inNamespace(u"mount -t tmpfs -o size=16k tmpfs /mnt && umount /mnt"_qs);
    if (probe.exitCode != 0)
        QSKIP(qPrintable(u"mount namespaces are not available here: "_qs +
                         QString::fromLocal8Bit(probe.output)));
}

void TestHostsFaults::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

void TestHostsFaults::bindMountedFileIsRewrittenInPlace()
{
    const QString source = m_dir->filePath(u"source"_qs);
    const QString target = m_dir->filePath(u"hosts"_qs);
    writeAll(source, original);
    writeAll(target, "decoy\n");
    const Run run = inNamespace(
        u"mount --bind '%1' '%2'\n$HOSTSTOOL apply '%2' K8S-HOSTS 10.0.0.1=a.local\n"
        u"$HOSTSTOOL apply '%2' K8S-HOSTS 10.0.0.1=a.local\n"
        u"$HOSTSTOOL clear '%2' K8S-HOSTS\n$HOSTSTOOL apply '%2' K8S-HOSTS 10.0.0.2=b.local"_qs.arg(
            source, target));
    QVERIFY2(run.exitCode == 0, run.output.constData());
    QCOMPARE(run.output, QByteArray("changed\nunchanged\nchanged\nchanged\n"));
    // The write went into the mounted file's inode, not a new file beside it.
    QCOMPARE(readAll(source),
             original + "#### BEGIN K8S-HOSTS ####\n10.0.0.2 b.local\n#### END K8S-HOSTS ####\n");
    QCOMPARE(readAll(target), QByteArray("decoy\n"));
}

void TestHostsFaults::realEtcHostsPathInNamespace()
{
    const auto digest = [] {
        return QCryptographicHash::hash(readAll(u"/etc/hosts"_qs), QCryptographicHash::Sha256);
    };
    const QByteArray realBefore = digest();
    const QString stand = m_dir->filePath(u"stand-in"_qs);
    const QByteArray withBlock =
        original + "#### BEGIN K8S-HOSTS ####\n10.0.0.1 a.local\n#### END K8S-HOSTS ####\n";
    writeAll(stand, withBlock);
    const Run run =
        inNamespace(u"mount --bind '%1' /etc/hosts\n$K8S_HOSTS --no-gui --cleanup"_qs.arg(stand));
    QVERIFY2(run.exitCode == 0, run.output.constData());
    QVERIFY2(run.output.contains("removed 1 entries"), run.output.constData());
    QCOMPARE(readAll(stand), original);
    QCOMPARE(digest(), realBefore);
}

void TestHostsFaults::fullDiskKeepsOriginal()
{
    const QString mount = m_dir->filePath(u"tiny"_qs);
    QVERIFY(QDir().mkdir(mount));
    writeAll(m_dir->filePath(u"seed"_qs), original);
    const QString script =
        u"mount -t tmpfs -o size=64k tmpfs '%1'\n"
        u"cp '%2' '%1/hosts'\n"
        u"dd if=/dev/zero of='%1/fill' bs=4k 2>/dev/null || true\n"
        u"$HOSTSTOOL apply '%1/hosts' K8S-HOSTS %3 || echo \"exit $?\"\n"
        u"cat '%1/hosts' > '%4'\nls -a '%1'"_qs.arg(mount, m_dir->filePath(u"seed"_qs),
                                                    entries(300), m_dir->filePath(u"after"_qs));
    const Run run = inNamespace(script);
    QVERIFY2(run.output.contains("No space left on device"), run.output.constData());
    QVERIFY2(run.output.contains("left unchanged") && run.output.contains("exit 1"),
             run.output.constData());
    QVERIFY2(!run.output.contains("k8s-hosts-tmp"), run.output.constData()); // no temporary left
    QCOMPARE(readAll(m_dir->filePath(u"after"_qs)), original);
}

void TestHostsFaults::fullDiskUnderBindMountKeepsOriginal()
{
    // The temporary file fits (its directory has room); rename fails (bind mount); the
    // in-place rewrite must then fail before touching a byte, because the mounted file's
    // own file system is full.
    const QString mount = m_dir->filePath(u"tiny"_qs);
    QVERIFY(QDir().mkdir(mount));
    const QString target = m_dir->filePath(u"hosts"_qs);
    writeAll(target, "decoy\n");
    const QString script =
        u"mount -t tmpfs -o size=64k tmpfs '%1'\n"
        u"cp '%2' '%1/hosts'\n"
        u"dd if=/dev/zero of='%1/fill' bs=4k 2>/dev/null || true\n"
        u"mount --bind '%1/hosts' '%3'\n"
        u"$HOSTSTOOL apply '%3' K8S-HOSTS %4 || echo \"exit $?\"\n"
        u"cat '%1/hosts' > '%5'"_qs.arg(mount, m_dir->filePath(u"seed"_qs), target, entries(300),
                                        m_dir->filePath(u"after"_qs));
    writeAll(m_dir->filePath(u"seed"_qs), original);
    const Run run = inNamespace(script);
    QVERIFY2(run.output.contains("No space left on device") && run.output.contains("exit 1"),
             run.output.constData());
    QCOMPARE(readAll(m_dir->filePath(u"after"_qs)), original);
}

void TestHostsFaults::readOnlyFileSystemKeepsOriginal()
{
    const QString mount = m_dir->filePath(u"ro"_qs);
    QVERIFY(QDir().mkdir(mount));
    writeAll(m_dir->filePath(u"seed"_qs), original);
    const Run run =
        inNamespace(u"mount -t tmpfs -o size=64k tmpfs '%1'\ncp '%2' '%1/hosts'\n"
                    u"mount -o remount,ro '%1'\n"
                    u"$HOSTSTOOL apply '%1/hosts' K8S-HOSTS 10.0.0.1=a.local || echo \"exit $?\"\n"
                    u"cat '%1/hosts' > '%3'"_qs.arg(mount, m_dir->filePath(u"seed"_qs),
                                                    m_dir->filePath(u"after"_qs)));
    QVERIFY2(run.output.contains("Read-only file system") && run.output.contains("exit 1"),
             run.output.constData());
    QVERIFY2(run.output.contains("networking.extraHosts"), run.output.constData());
    QCOMPARE(readAll(m_dir->filePath(u"after"_qs)), original);
}

QTEST_GUILESS_MAIN(TestHostsFaults)
#include "tst_hostsfaults.moc"
