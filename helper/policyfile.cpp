#include "helper/policyfile.h"

#include "core/hosts/filereplacer.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

PolicyFile::PolicyFile(QString path, bool requireRootOwned)
    : m_path(std::move(path))
    , m_requireRootOwned(requireRootOwned)
{}

std::optional<NamePolicy> PolicyFile::load(QString *error) const
{
    return NamePolicy::load(m_path, m_requireRootOwned, error);
}

bool PolicyFile::save(const NamePolicy &policy, QString *error) const
{
    // The directory and the file are checked by load(); create what is missing, owned by
    // root and writable by root alone, so the replacer's ownership checks hold.
    const QString dir = QFileInfo(m_path).absolutePath();
    if (::mkdir(QFile::encodeName(dir).constData(), 0755) != 0 && errno != EEXIST) {
        *error = QStringLiteral("cannot create %1: %2")
                     .arg(dir, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (!load(error))
        return false;
    const int fd = ::open(QFile::encodeName(m_path).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0)
        ::close(fd);
    else if (errno != EEXIST) {
        *error = QStringLiteral("cannot create %1: %2")
                     .arg(m_path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    FileReplacer::Options options;
    options.requireRootOwned = m_requireRootOwned;
    const FileReplacer replacer(m_path, options);
    for (int attempt = 0; attempt < 4; ++attempt) {
        FileSnapshot snapshot;
        if (!replacer.read(&snapshot, error))
            return false;
        switch (replacer.replace(snapshot, policy.toText(), error)) {
        case FileReplacer::Outcome::Replaced:
            return true;
        case FileReplacer::Outcome::Failed:
            return false;
        case FileReplacer::Outcome::Raced:
            break;
        }
    }
    *error = QStringLiteral("%1 kept changing while the helper tried to write it").arg(m_path);
    return false;
}
