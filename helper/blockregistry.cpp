#include "helper/blockregistry.h"

#include "core/hosts/filereplacer.h"
#include "core/hosts/hostsblock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr qsizetype maxStateBytes = 1 << 20;

} // namespace

BlockRegistry::BlockRegistry(QString stateDir, bool requireRootOwned)
    : m_stateDir(std::move(stateDir))
    , m_requireRootOwned(requireRootOwned)
{}

QString BlockRegistry::path() const
{
    return m_stateDir + QStringLiteral("/blocks.json");
}

bool BlockRegistry::load(QString *error)
{
    m_blocks.clear();
    FileReplacer::Options options;
    options.requireRootOwned = m_requireRootOwned;
    options.maxSize = maxStateBytes;
    FileSnapshot snapshot;
    if (!QFile::exists(path()))
        return true;
    if (!FileReplacer(path(), options).read(&snapshot, error))
        return false;
    QJsonParseError parse;
    const QJsonObject root = QJsonDocument::fromJson(snapshot.content, &parse).object();
    if (parse.error != QJsonParseError::NoError) {
        *error = QStringLiteral("%1 is not valid JSON (%2)").arg(path(), parse.errorString());
        return false;
    }
    const QJsonObject blocks = root.value(u"blocks").toObject();
    for (auto it = blocks.constBegin(); it != blocks.constEnd(); ++it) {
        const QJsonObject b = it.value().toObject();
        if (!HostsBlock::isValidMarker(it.key()))
            continue; // never trust a name the file should not hold
        m_blocks.insert(it.key(), {uint(b.value(u"uid").toInteger()),
                                   qsizetype(b.value(u"entries").toInteger()),
                                   b.value(u"lease").toString().left(256)});
    }
    return true;
}

std::optional<BlockRegistry::Block> BlockRegistry::block(const QString &marker) const
{
    const auto it = m_blocks.constFind(marker);
    return it == m_blocks.cend() ? std::nullopt : std::optional(*it);
}

qsizetype BlockRegistry::entriesBesides(const QString &marker) const
{
    qsizetype total = 0;
    for (auto it = m_blocks.cbegin(); it != m_blocks.cend(); ++it) {
        if (it.key() != marker)
            total += it->entries;
    }
    return total;
}

bool BlockRegistry::recordWrite(const QString &marker, uint uid, qsizetype entries, QString *error)
{
    if (entries == 0) {
        if (!m_blocks.remove(marker))
            return true;
    } else {
        Block &b = m_blocks[marker];
        b.uid = uid;
        b.entries = entries;
    }
    return save(error);
}

bool BlockRegistry::setLease(const QString &marker, const QString &lease, QString *error)
{
    const auto it = m_blocks.find(marker);
    if (it == m_blocks.end() || it->lease == lease)
        return true;
    it->lease = lease;
    return save(error);
}

bool BlockRegistry::save(QString *error) const
{
    // Root's alone: a directory nobody else can write, a file nobody else can read.
    QDir().mkpath(QFileInfo(m_stateDir).absolutePath());
    if (::mkdir(QFile::encodeName(m_stateDir).constData(), 0700) != 0 && errno != EEXIST) {
        *error = QStringLiteral("cannot create %1: %2")
                     .arg(m_stateDir, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    QJsonObject blocks;
    for (auto it = m_blocks.cbegin(); it != m_blocks.cend(); ++it)
        blocks.insert(it.key(), QJsonObject{{QStringLiteral("uid"), qint64(it->uid)},
                                            {QStringLiteral("entries"), qint64(it->entries)},
                                            {QStringLiteral("lease"), it->lease}});
    const QByteArray content = QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                                         {QStringLiteral("blocks"), blocks}})
                                   .toJson(QJsonDocument::Indented);
    // The replacer checks the file it replaces: create an empty one first if there is none.
    const int fd = ::open(QFile::encodeName(path()).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0)
        ::close(fd);
    FileReplacer::Options options;
    options.requireRootOwned = m_requireRootOwned;
    options.maxSize = maxStateBytes;
    const FileReplacer replacer(path(), options);
    for (int attempt = 0; attempt < 4; ++attempt) {
        FileSnapshot snapshot;
        if (!replacer.read(&snapshot, error))
            return false;
        snapshot.mode = 0600;
        switch (replacer.replace(snapshot, content, error)) {
        case FileReplacer::Outcome::Replaced:
            return true;
        case FileReplacer::Outcome::Failed:
            return false;
        case FileReplacer::Outcome::Raced:
            break;
        }
    }
    *error = QStringLiteral("%1 kept changing while the helper wrote it").arg(path());
    return false;
}
