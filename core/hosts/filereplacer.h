#pragma once

#include <QByteArray>
#include <QString>

#include <ctime>
#include <sys/types.h>

// What a file held when we read it, and the identity we expect to replace.
struct FileSnapshot
{
    QByteArray content;
    bool exists = false;
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    timespec modified{};
    mode_t mode = 0644;
    uid_t owner = 0;
    gid_t group = 0;
};

// Replaces a file's contents without ever leaving it half-written: a temporary file in the
// same directory (O_EXCL|O_NOFOLLOW, random name), fsync, the original's mode, owner and
// extended attributes (SELinux label, ACLs), rename over the target, fsync the directory.
// A symlinked target is followed and the link kept. When rename cannot replace the target
// (a bind mount: EBUSY/EXDEV) the bytes are rewritten in place after reserving the space.
// Any failure leaves the original intact and says why and how to fix it.
class FileReplacer
{
public:
    struct Options
    {
        bool requireRootOwned = false; // the helper: only a root-owned file in a root-owned dir
        qsizetype maxSize = qsizetype(32) << 20; // Chromium ignores hosts files above 32 MiB
    };

    explicit FileReplacer(const QString &path, Options options);
    FileReplacer(const QString &path)
        : FileReplacer(path, Options{})
    {}

    QString path() const { return m_path; }
    QString resolvedPath() const { return m_resolved; }
    QString lockPath() const;

    // *permanent (when given) tells a failure that retrying will not mend (a directory, no
    // permission, a read-only file system) from one that may pass (a full disk, I/O errors).
    bool read(FileSnapshot *snapshot, QString *error, bool *permanent = nullptr) const;

    enum class Outcome
    {
        Replaced,
        Raced,
        Failed
    };
    // Raced: the file changed since basis was read; nothing was written, read again.
    Outcome replace(const FileSnapshot &basis, const QByteArray &content, QString *error,
                    bool *permanent = nullptr) const;

    // "cannot write PATH: reason; the file was left unchanged; what to do"
    static QString describeWriteError(int err, const QString &path);
    // Errors that stay until someone changes the file, its directory or the permissions.
    static bool isPermanent(int err);

    // Temporary files a killed writer left behind (call while holding the lock).
    void removeStaleTemporaries() const;

private:
    static int rewriteInPlace(int dirFd, const QByteArray &fileName, const FileSnapshot &basis,
                              const QByteArray &content);

    QString m_path;
    QString m_resolved;
    QString m_resolveError;
    Options m_options;
};
