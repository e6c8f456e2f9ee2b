#pragma once

#include <QString>

// One headless instance per (hosts file, marker): a second one must not fight the first
// over the block. The lock is an flock on a file in the runtime directory that also holds
// the owner's PID and, once it has synced, "ready".
class InstanceLock
{
public:
    InstanceLock(const QString &hostsFile, const QString &marker);
    ~InstanceLock();
    InstanceLock(const InstanceLock &) = delete;
    InstanceLock &operator=(const InstanceLock &) = delete;

    // False when another process holds it (see ownerPid()) or the file cannot be made.
    bool tryLock(QString *error);
    void markReady();

    QString path() const { return m_path; }
    qint64 ownerPid() const; // of the holder, from the file
    bool ownerReady() const; // the holder has synced

private:
    QString m_path;
    int m_fd = -1;
};
