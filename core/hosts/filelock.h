#pragma once

#include <QString>

// An exclusive flock() on a small, stable lock file beside the hosts file. The hosts file
// itself is replaced by rename, so locking it would lock an inode nobody else opens.
// Released when the object dies.
class FileLock
{
public:
    explicit FileLock(QString path);
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    // Waits for writers of the same file; they hold the lock only while they write.
    // False with errno's value in *err when the lock file cannot be opened or locked.
    bool lock(int *err);

private:
    QString m_path;
    int m_fd = -1;
};
