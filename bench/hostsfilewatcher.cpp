#include "bench/hostsfilewatcher.h"

#include "bench/benchwait.h"

#include <QFile>
#include <QFileInfo>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <sys/inotify.h>
#include <unistd.h>

HostsFileWatcher::HostsFileWatcher(QString path, QString marker, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_marker(std::move(marker))
    , m_fileName(QFile::encodeName(QFileInfo(m_path).fileName()))
{}

HostsFileWatcher::~HostsFileWatcher()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool HostsFileWatcher::start(QString *error)
{
    m_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    const QByteArray dir = QFile::encodeName(QFileInfo(m_path).absolutePath());
    if (m_fd < 0 ||
        ::inotify_add_watch(m_fd, dir.constData(), IN_MOVED_TO | IN_MODIFY | IN_CLOSE_WRITE) < 0) {
        *error =
            QStringLiteral("cannot watch %1 with inotify: %2")
                .arg(QString::fromLocal8Bit(dir), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &HostsFileWatcher::onReadable);
    return true;
}

void HostsFileWatcher::onReadable()
{
    const double at = BenchWait::nowMs();
    alignas(inotify_event) char buffer[16 * 1024];
    bool ours = false;
    for (;;) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n <= 0)
            break;
        for (ssize_t offset = 0; offset < n;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + offset);
            if (event->len > 0 && m_fileName == event->name) {
                // A rename onto the file is one write; so is an in-place write, once closed.
                // A replacement's descriptor closed after the rename is not another one.
                if (event->mask & IN_MODIFY) {
                    m_modifiedInPlace = true;
                } else if ((event->mask & IN_MOVED_TO) ||
                           ((event->mask & IN_CLOSE_WRITE) && m_modifiedInPlace)) {
                    m_modifiedInPlace = false;
                    ++m_writes;
                    ours = true;
                }
            }
            offset += ssize_t(sizeof(inotify_event) + event->len);
        }
    }
    if (ours) {
        m_lastWriteMs = at;
        Q_EMIT written(at);
    }
}

QHash<QString, QString> HostsFileWatcher::block() const
{
    QHash<QString, QString> entries;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return entries;
    const QByteArray begin = "#### BEGIN " + m_marker.toUtf8() + " ####";
    const QByteArray end = "#### END " + m_marker.toUtf8() + " ####";
    bool inside = false;
    const QByteArray content = file.readAll();
    for (qsizetype start = 0; start < content.size();) {
        qsizetype stop = content.indexOf('\n', start);
        if (stop < 0)
            stop = content.size();
        QByteArrayView line = QByteArrayView(content).sliced(start, stop - start).trimmed();
        start = stop + 1;
        if (line == begin) {
            inside = true;
        } else if (line == end) {
            inside = false;
        } else if (inside && !line.isEmpty() && !line.startsWith('#')) {
            if (const qsizetype hash = line.indexOf('#'); hash >= 0)
                line = line.first(hash).trimmed();
            const qsizetype space = line.indexOf(' ');
            if (space > 0)
                entries.insert(QString::fromUtf8(line.sliced(space + 1).trimmed()),
                               QString::fromUtf8(line.first(space)));
        }
    }
    return entries;
}
