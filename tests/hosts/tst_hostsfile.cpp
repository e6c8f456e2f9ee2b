#include "core/hosts/hostsblock.h"
#include "core/hosts/hostsfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace {

const QString marker = u"K8S-HOSTS"_qs;
const QByteArray original = "127.0.0.1 localhost\r\n# keep me \xff\n::1 localhost";
const HostEntries desired = {{u"10.0.0.1"_qs, u"a.local"_qs, u"kind/ns/Ingress/a"_qs},
                             {u"10.0.0.2"_qs, u"b.local"_qs, {}}};

EntryValidator validator()
{
    return EntryValidator(NamePolicy(), ReservedNames(u"devbox"_qs));
}

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

struct stat statOf(const QString &path)
{
    struct stat st
    {};
    ::lstat(QFile::encodeName(path).constData(), &st);
    return st;
}

// Puts the file's modification time in the past so any rewrite is visible.
void backdate(const QString &path)
{
    const timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
    QCOMPARE(::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0), 0);
}

} // namespace

class TestHostsFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void appliesAndClearsByteForByte();
    void unchangedContentIsNotRewritten();
    void reportsRejectedEntries();
    void refuseAllWritesNothing();
    void refusesDamagedFileWithoutWriting();
    void preservesModeAndOwner();
    void preservesExtendedAttributes();
    void followsSymlinkAndKeepsIt();
    void removesStaleTemporaries();
    void detectsConcurrentEdit();
    void createsMissingFile();
    void helperRefusesFilesNotOwnedByRoot();
    void readsEntries();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestHostsFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(u"hosts"_qs);
    writeAll(m_path, original);
}

void TestHostsFile::appliesAndClearsByteForByte()
{
    HostsFile file(m_path);
    auto result = file.apply(marker, desired, validator());
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.changed);
    QCOMPARE(result.current, desired);
    QCOMPARE(readAll(m_path), original + '\n' + HostsBlock::render(marker, desired).chopped(1));

    result = file.clear(marker);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.previous(), desired);
    QCOMPARE(readAll(m_path), original);
}

void TestHostsFile::unchangedContentIsNotRewritten()
{
    HostsFile file(m_path);
    QVERIFY(file.apply(marker, desired, validator()).changed);
    backdate(m_path);
    const struct stat before = statOf(m_path);
    const auto result = file.apply(marker, {desired[1], desired[0]}, validator());
    QVERIFY(result.ok);
    QVERIFY(!result.changed);
    const struct stat after = statOf(m_path);
    QCOMPARE(after.st_ino, before.st_ino);
    QCOMPARE(after.st_mtim.tv_sec, before.st_mtim.tv_sec);

    QVERIFY(file.clear(marker).changed);
    backdate(m_path);
    QVERIFY(!file.clear(marker).changed);
    QCOMPARE(statOf(m_path).st_mtim.tv_sec, 1000000000);
}

void TestHostsFile::reportsRejectedEntries()
{
    HostsFile file(m_path);
    const auto result =
        file.apply(marker,
                   desired + HostEntries{{u"10.0.0.3"_qs, u"*.w.local"_qs, {}},
                                         {u"10.0.0.3"_qs, u"localhost"_qs, {}},
                                         {u"10.0.0.3"_qs, u"accounts.google.com"_qs, {}}},
                   validator());
    QVERIFY(result.ok);
    QCOMPARE(result.current, desired);
    QCOMPARE(result.rejected.size(), 3);
    // localhost is named outside our block too; reserved wins as the first reason.
    QCOMPARE(int(result.rejected[1].state), int(EntryState::Reserved));
}

void TestHostsFile::refuseAllWritesNothing()
{
    HostsFile file(m_path);
    const auto result =
        file.apply(marker, desired + HostEntries{{u"10.0.0.3"_qs, u"a b.local"_qs, {}}},
                   validator(), HostsFile::Rejections::RefuseAll);
    QVERIFY(!result.ok);
    QVERIFY(result.error.contains(u"host name"));
    QCOMPARE(readAll(m_path), original);
}

void TestHostsFile::refusesDamagedFileWithoutWriting()
{
    const QByteArray damaged = original + "\n#### BEGIN K8S-HOSTS ####\n10.0.0.9 theirs.lan\n";
    writeAll(m_path, damaged);
    HostsFile file(m_path);
    for (const auto &result : {file.apply(marker, desired, validator()), file.clear(marker)}) {
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(m_path) && result.error.contains(u"line 4"),
                 qPrintable(result.error));
        QCOMPARE(readAll(m_path), damaged);
    }
}

void TestHostsFile::preservesModeAndOwner()
{
    QCOMPARE(::chmod(QFile::encodeName(m_path).constData(), 0640), 0);
    const bool root = ::geteuid() == 0;
    if (root)
        QCOMPARE(::chown(QFile::encodeName(m_path).constData(), 65534, 65534), 0);
    HostsFile file(m_path);
    QVERIFY(file.apply(marker, desired, validator()).changed);
    const struct stat st = statOf(m_path);
    QCOMPARE(st.st_mode & 07777, mode_t(0640));
    if (root) {
        QCOMPARE(st.st_uid, uid_t(65534));
        QCOMPARE(st.st_gid, gid_t(65534));
    }
}

void TestHostsFile::preservesExtendedAttributes()
{
    const QByteArray native = QFile::encodeName(m_path);
    if (::setxattr(native.constData(), "user.k8s-hosts-test", "label", 5, 0) != 0)
        QSKIP("this file system does not take user extended attributes");
    HostsFile file(m_path);
    QVERIFY(file.apply(marker, desired, validator()).changed);
    char value[16] = {};
    QCOMPARE(::getxattr(native.constData(), "user.k8s-hosts-test", value, sizeof value),
             ssize_t(5));
    QCOMPARE(QByteArray(value), QByteArray("label"));
}

void TestHostsFile::followsSymlinkAndKeepsIt()
{
    // macOS: /etc/hosts → /private/etc/hosts. The link stays a link; the target changes.
    QVERIFY(QDir(m_dir->path()).mkdir(u"private"_qs));
    const QString target = m_dir->filePath(u"private/hosts"_qs);
    QVERIFY(QFile::rename(m_path, target));
    QVERIFY(QFile::link(u"private/hosts"_qs, m_path));
    HostsFile file(m_path);
    const auto result = file.apply(marker, desired, validator());
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(S_ISLNK(statOf(m_path).st_mode));
    QVERIFY(readAll(target).contains("10.0.0.1 a.local"));
    QVERIFY(file.clear(marker).changed);
    QCOMPARE(readAll(target), original);
    QVERIFY(S_ISLNK(statOf(m_path).st_mode));
}

void TestHostsFile::removesStaleTemporaries()
{
    const QString stale = m_dir->filePath(u".hosts.k8s-hosts-tmp.deadbeef"_qs);
    writeAll(stale, "half-written");
    const QString foreign = m_dir->filePath(u".hosts.other-tool.tmp"_qs);
    writeAll(foreign, "not ours");
    HostsFile file(m_path);
    QVERIFY(file.apply(marker, desired, validator()).ok);
    QVERIFY(!QFile::exists(stale));
    QVERIFY(QFile::exists(foreign));
    QVERIFY(QFile::exists(m_dir->filePath(u".hosts.k8s-hosts.lock"_qs)));
}

void TestHostsFile::detectsConcurrentEdit()
{
    // Another tool writes between our read and our rename: we must not overwrite it.
    FileReplacer replacer(m_path);
    FileSnapshot snapshot;
    QString error;
    QVERIFY(replacer.read(&snapshot, &error));
    const QByteArray theirs = original + "\n10.9.9.9 theirs.lan\n";
    writeAll(m_path, theirs);
    QCOMPARE(replacer.replace(snapshot, "ours\n", &error), FileReplacer::Outcome::Raced);
    QCOMPARE(readAll(m_path), theirs);
    // HostsFile starts over from the new content and keeps their line.
    QVERIFY(HostsFile(m_path).apply(marker, desired, validator()).changed);
    QVERIFY(readAll(m_path).startsWith(theirs));
}

void TestHostsFile::createsMissingFile()
{
    const QString fresh = m_dir->filePath(u"new-hosts"_qs);
    HostsFile file(fresh);
    QVERIFY(file.apply(marker, desired, validator()).changed);
    QCOMPARE(readAll(fresh), HostsBlock::render(marker, desired));
    QCOMPARE(statOf(fresh).st_mode & 0777, mode_t(0644));
}

void TestHostsFile::helperRefusesFilesNotOwnedByRoot()
{
    if (::geteuid() != 0)
        QSKIP("needs root to create a root-owned directory");
    QCOMPARE(::chown(QFile::encodeName(m_path).constData(), 65534, 65534), 0);
    HostsFile file(m_path, FileReplacer::Options{true});
    const auto result = file.apply(marker, desired, validator());
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"root-owned"), qPrintable(result.error));
    QCOMPARE(readAll(m_path), original);
}

void TestHostsFile::readsEntries()
{
    HostsFile file(m_path);
    QVERIFY(file.apply(marker, desired, validator()).ok);
    QString error;
    QCOMPARE(file.entries(marker, &error).value_or(HostEntries{}), desired);
    QCOMPARE(file.namesOutsideBlock(marker, &error).value_or(QSet<QString>{}),
             (QSet<QString>{u"localhost"_qs}));
}

QTEST_GUILESS_MAIN(TestHostsFile)
#include "tst_hostsfile.moc"
