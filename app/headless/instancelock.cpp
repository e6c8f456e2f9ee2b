#include "app/headless/instancelock.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace {

QString runtimeDirectory()
{
    if (::geteuid() == 0 && QFileInfo(u"/run"_qs).isWritable())
        return u"/run/k8s-hosts"_qs;
    const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    return (runtime.isEmpty() ? QDir::tempPath() : runtime) + u"/k8s-hosts"_qs;
}

} // namespace

InstanceLock::InstanceLock(const QString &hostsFile, const QString &marker)
{
    const QString target = QFileInfo(hostsFile).canonicalFilePath().isEmpty()
                               ? QFileInfo(hostsFile).absoluteFilePath()
                               : QFileInfo(hostsFile).canonicalFilePath();
    const QByteArray id =
        QCryptographicHash::hash((target + u'\n' + marker).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    m_path = runtimeDirectory() + u"/instance-"_qs + QString::fromLatin1(id) + u".lock"_qs;
}

InstanceLock::~InstanceLock()
{
    if (m_fd >= 0) {
        ::ftruncate(m_fd, 0);
        ::close(m_fd);
    }
}

bool InstanceLock::tryLock(QString *error)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    m_fd = ::open(QFile::encodeName(m_path).constData(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
                  0644);
    if (m_fd < 0) {
        *error = u"cannot create the instance lock %1: %2"_qs.arg(
            m_path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_fd);
        m_fd = -1;
        *error = u"another k8s-hosts (PID %1) already manages this block"_qs.arg(ownerPid());
        return false;
    }
    const QByteArray pid = QByteArray::number(qint64(::getpid())) + '\n';
    ::ftruncate(m_fd, 0);
    [[maybe_unused]] const ssize_t n = ::pwrite(m_fd, pid.constData(), size_t(pid.size()), 0);
    return true;
}

void InstanceLock::markReady()
{
    const QByteArray text = QByteArray::number(qint64(::getpid())) + "\nready\n";
    [[maybe_unused]] const ssize_t n = ::pwrite(m_fd, text.constData(), size_t(text.size()), 0);
}

qint64 InstanceLock::ownerPid() const
{
    QFile file(m_path);
    return file.open(QIODevice::ReadOnly) ? file.readLine().trimmed().toLongLong() : 0;
}

bool InstanceLock::ownerReady() const
{
    QFile file(m_path);
    return file.open(QIODevice::ReadOnly) && file.readAll().contains("\nready\n");
}
