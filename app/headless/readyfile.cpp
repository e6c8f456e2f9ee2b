#include "app/headless/readyfile.h"

#include <QFile>
#include <QSaveFile>

#include <unistd.h>

ReadyFile::ReadyFile(QString path)
    : m_path(std::move(path))
{}

ReadyFile::~ReadyFile()
{
    remove();
}

bool ReadyFile::removeStale(QString *error)
{
    if (m_path.isEmpty() || !QFile::exists(m_path) || QFile::remove(m_path))
        return true;
    *error =
        u"cannot remove the stale ready file %1; remove it, or name another with --ready-file"_qs
            .arg(m_path);
    return false;
}

bool ReadyFile::create(QString *error)
{
    if (m_path.isEmpty())
        return true;
    QSaveFile file(m_path); // appears whole or not at all
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QByteArray::number(qint64(::getpid())) + '\n') < 0 || !file.commit()) {
        *error = u"cannot create the ready file %1: %2"_qs.arg(m_path, file.errorString());
        return false;
    }
    m_created = true;
    return true;
}

void ReadyFile::remove()
{
    if (m_created && QFile::remove(m_path))
        m_created = false;
}
