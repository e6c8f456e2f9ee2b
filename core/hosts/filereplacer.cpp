#include "core/hosts/filereplacer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/xattr.h>
#endif

namespace {

constexpr char temporaryTag[] = ".k8s-hosts-tmp.";

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

bool fail(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

} // namespace

// What went wrong, that the file is untouched, and what the person can do about it.
QString FileReplacer::describeWriteError(int err, const QString &path)
{
    QString fix;
    switch (err) {
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
        fix = QStringLiteral("free some space on that file system and try again");
        break;
    case EACCES:
    case EPERM:
        fix = QStringLiteral("for /etc/hosts install the k8s-hosts helper (the package brings "
                             "it); for another file choose one you own; or clear an immutable "
                             "flag (Linux: chattr -i; macOS: chflags nouchg,noschg)");
        break;
    case EROFS:
        fix = QStringLiteral("the file system is read-only; on NixOS add the entries through "
                             "networking.extraHosts instead, elsewhere remount it read-write");
        break;
    case ENOENT:
    case ENOTDIR:
        return QStringLiteral("cannot write %1: the directory %2 does not exist; create it, or "
                              "choose a file in a directory that exists")
            .arg(path, QFileInfo(path).absolutePath());
    default:
        fix = QStringLiteral("check the file and its directory, then try again");
    }
    return QStringLiteral("cannot write %1: %2; the file was left unchanged; %3")
        .arg(path, errnoText(err), fix);
}

namespace {

bool writeAll(int fd, const QByteArray &data, off_t offset, int *err)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n =
            ::pwrite(fd, data.constData() + done, size_t(data.size() - done), offset + off_t(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *err = n < 0 ? errno : EIO;
            return false;
        }
        done += n;
    }
    return true;
}

bool sameFile(const struct stat &st, const FileSnapshot &basis)
{
#ifdef __APPLE__
    const timespec mtime = st.st_mtimespec;
#else
    const timespec mtime = st.st_mtim;
#endif
    return st.st_dev == basis.device && st.st_ino == basis.inode && st.st_size == basis.size &&
           mtime.tv_sec == basis.modified.tv_sec && mtime.tv_nsec == basis.modified.tv_nsec;
}

// SELinux labels and POSIX ACLs live in extended attributes; a file created in /etc would
// otherwise get etc_t instead of net_conf_t and confined daemons could no longer read it.
void copyExtendedAttributes(int from, int to)
{
#ifdef __linux__
    char names[4096];
    const ssize_t length = ::flistxattr(from, names, sizeof names);
    for (ssize_t at = 0; length > 0 && at < length; at += ssize_t(std::strlen(names + at)) + 1) {
        char value[4096];
        const ssize_t size = ::fgetxattr(from, names + at, value, sizeof value);
        if (size >= 0)
            ::fsetxattr(to, names + at, value, size_t(size), 0);
    }
#else
    (void)from;
    (void)to;
#endif
}

class FdCloser
{
public:
    explicit FdCloser(int fd)
        : m_fd(fd)
    {}
    ~FdCloser()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    int get() const { return m_fd; }

private:
    int m_fd;
};

} // namespace

FileReplacer::FileReplacer(const QString &path, Options options)
    : m_path(path)
    , m_options(options)
{
    // Follow a symlink (macOS /etc/hosts → /private/etc/hosts) to the file we really edit.
    char resolved[PATH_MAX];
    if (::realpath(QFile::encodeName(path).constData(), resolved))
        m_resolved = QFile::decodeName(resolved);
    else if (errno == ENOENT && !QFileInfo(path).isSymLink())
        m_resolved = QFileInfo(path).absoluteFilePath(); // created on first write
    else
        m_resolveError = QStringLiteral("cannot resolve %1: %2").arg(path, errnoText(errno));
}

QString FileReplacer::lockPath() const
{
    const QFileInfo target(m_resolved);
    return target.absolutePath() + QStringLiteral("/.") + target.fileName() +
           QStringLiteral(".k8s-hosts.lock");
}

bool FileReplacer::read(FileSnapshot *snapshot, QString *error, bool *permanent) const
{
    // Everything read() refuses stays refused until someone changes the file, except an
    // interrupted read.
    const auto refuse = [&](const QString &text, bool lasting = true) {
        if (permanent)
            *permanent = lasting;
        return fail(error, text);
    };
    if (!m_resolveError.isEmpty())
        return refuse(m_resolveError);
    const QByteArray native = QFile::encodeName(m_resolved);
    *snapshot = FileSnapshot{};
    struct stat st
    {};
    const FdCloser fd(::open(native.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (fd.get() < 0) {
        const int err = errno;
        if (err == ENOENT && !m_options.requireRootOwned &&
            QFileInfo(QFileInfo(m_resolved).absolutePath()).isDir()) {
            snapshot->mode = 0644;
            snapshot->owner = ::geteuid();
            snapshot->group = ::getegid();
            return true;
        }
        if (err == ENOENT && !m_options.requireRootOwned)
            return refuse(describeWriteError(ENOENT, m_resolved));
        return refuse(QStringLiteral("cannot read %1: %2").arg(m_resolved, errnoText(err)),
                      isPermanent(err));
    }
    if (::fstat(fd.get(), &st) != 0)
        return refuse(QStringLiteral("cannot inspect %1: %2").arg(m_resolved, errnoText(errno)),
                      false);
    if (S_ISDIR(st.st_mode))
        return refuse(
            QStringLiteral("%1 is a directory, not a hosts file; name a file").arg(m_resolved));
    if (!S_ISREG(st.st_mode))
        return refuse(
            QStringLiteral("%1 is not a regular file; refusing to edit it").arg(m_resolved));
    if (m_options.requireRootOwned) {
        struct stat dir
        {};
        const QByteArray dirName = QFile::encodeName(QFileInfo(m_resolved).absolutePath());
        if (st.st_uid != 0 || ::stat(dirName.constData(), &dir) != 0 || dir.st_uid != 0 ||
            (dir.st_mode & (S_IWGRP | S_IWOTH)))
            return refuse(QStringLiteral("refusing to edit %1: it must be a root-owned file in a "
                                         "root-owned directory that only root can write to")
                              .arg(m_resolved));
    }
    if (st.st_size > m_options.maxSize)
        return refuse(QStringLiteral("%1 is larger than %2 MiB; resolvers ignore files that "
                                     "large, so k8s-hosts will not edit it")
                          .arg(m_resolved)
                          .arg(m_options.maxSize >> 20));
    QByteArray content(qsizetype(st.st_size), Qt::Uninitialized);
    qsizetype done = 0;
    while (done < content.size()) {
        const ssize_t n = ::read(fd.get(), content.data() + done, size_t(content.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return refuse(QStringLiteral("cannot read %1: %2").arg(m_resolved, errnoText(errno)),
                          false);
        if (n == 0)
            break; // shrank while reading: the stat check before writing will catch it
        done += n;
    }
    content.truncate(done);
    snapshot->content = std::move(content);
    snapshot->exists = true;
    snapshot->device = st.st_dev;
    snapshot->inode = st.st_ino;
    snapshot->size = st.st_size;
#ifdef __APPLE__
    snapshot->modified = st.st_mtimespec;
#else
    snapshot->modified = st.st_mtim;
#endif
    snapshot->mode = st.st_mode & 07777;
    snapshot->owner = st.st_uid;
    snapshot->group = st.st_gid;
    return true;
}

FileReplacer::Outcome FileReplacer::replace(const FileSnapshot &basis, const QByteArray &content,
                                            QString *error, bool *permanent) const
{
    const auto failed = [&](int err) {
        if (permanent)
            *permanent = isPermanent(err);
        fail(error, describeWriteError(err, m_resolved));
        return Outcome::Failed;
    };
    if (!m_resolveError.isEmpty()) {
        if (permanent)
            *permanent = true;
        fail(error, m_resolveError);
        return Outcome::Failed;
    }
    const QFileInfo target(m_resolved);
    const QByteArray fileName = QFile::encodeName(target.fileName());
    const FdCloser dir(::open(QFile::encodeName(target.absolutePath()).constData(),
                              O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0)
        return failed(errno);

    // 1. The new content, complete and durable, under a name nobody can predict.
    QByteArray tempName;
    int tempFd = -1;
    for (int attempt = 0; attempt < 16 && tempFd < 0; ++attempt) {
        tempName = '.' + fileName + temporaryTag +
                   QByteArray::number(QRandomGenerator::system()->generate64(), 36);
        tempFd = ::openat(dir.get(), tempName.constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (tempFd < 0 && errno != EEXIST)
            break;
    }
    if (tempFd < 0)
        return failed(errno);
    const FdCloser temp(tempFd);
    const auto discard = [&](int err) {
        ::unlinkat(dir.get(), tempName.constData(), 0);
        return failed(err);
    };
    int err = 0;
    if (!writeAll(temp.get(), content, 0, &err))
        return discard(err);
    if (basis.exists) {
        const FdCloser original(
            ::openat(dir.get(), fileName.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        if (original.get() >= 0)
            copyExtendedAttributes(original.get(), temp.get());
    }
    if (::fchown(temp.get(), basis.owner, basis.group) != 0 && ::geteuid() == 0)
        return discard(errno);
    if (::fchmod(temp.get(), basis.mode) != 0 || ::fsync(temp.get()) != 0)
        return discard(errno);

    // 2. Nobody changed the file since we read it (other tools edit it too).
    struct stat now
    {};
    const bool present = ::fstatat(dir.get(), fileName.constData(), &now, AT_SYMLINK_NOFOLLOW) == 0;
    if (present != basis.exists || (present && !sameFile(now, basis))) {
        ::unlinkat(dir.get(), tempName.constData(), 0);
        return Outcome::Raced;
    }

    // 3. Swap it in atomically and make the swap durable.
    if (::renameat(dir.get(), tempName.constData(), dir.get(), fileName.constData()) == 0) {
        ::fsync(dir.get());
        return Outcome::Replaced;
    }
    err = errno;
    ::unlinkat(dir.get(), tempName.constData(), 0);
    if (err != EBUSY && err != EXDEV)
        return failed(err);
    if (const int inPlaceError = rewriteInPlace(dir.get(), fileName, basis, content))
        return failed(inPlaceError);
    return Outcome::Replaced;
}

// A bind-mounted file (docker run -v /etc/hosts:/etc/hosts) cannot be renamed over: it is
// rewritten in place, with the space reserved first so a full disk fails before any byte of
// the original is touched. Returns 0, or the errno of the failure.
int FileReplacer::rewriteInPlace(int dirFd, const QByteArray &fileName, const FileSnapshot &basis,
                                 const QByteArray &content)
{
    const FdCloser inPlace(
        ::openat(dirFd, fileName.constData(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC));
    if (inPlace.get() < 0)
        return errno;
#ifdef __linux__
    if (content.size() > basis.size) {
        const int rc = ::posix_fallocate(inPlace.get(), 0, off_t(content.size()));
        if (rc != 0 && rc != EOPNOTSUPP && rc != EINVAL)
            return rc;
    }
#endif
    int err = 0;
    if (!writeAll(inPlace.get(), content, 0, &err)) {
        // Put the original back; it fitted before, so it fits now.
        int ignored = 0;
        writeAll(inPlace.get(), basis.content, 0, &ignored);
        ::ftruncate(inPlace.get(), off_t(basis.content.size()));
        return err;
    }
    if (::ftruncate(inPlace.get(), off_t(content.size())) != 0 || ::fsync(inPlace.get()) != 0)
        return errno;
    return 0;
}

bool FileReplacer::isPermanent(int err)
{
    switch (err) {
    case EACCES:
    case EPERM:
    case EROFS:
    case ENOENT:
    case ENOTDIR:
    case EISDIR:
    case ELOOP:
    case ENAMETOOLONG:
        return true;
    default:
        return false; // a full disk, I/O errors, a busy file: worth another try
    }
}

void FileReplacer::removeStaleTemporaries() const
{
    const QFileInfo target(m_resolved);
    const QString prefix = QLatin1Char('.') + target.fileName() + QLatin1String(temporaryTag);
    QDir dir(target.absolutePath());
    const auto stale =
        dir.entryList({prefix + QLatin1Char('*')}, QDir::Files | QDir::Hidden | QDir::System);
    for (const QString &name : stale)
        dir.remove(name);
}
