#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// What the helper knows about the blocks it wrote, kept in a root-owned state file
// (<state-dir>/blocks.json, default /var/lib/k8s-hosts) so it survives a restart: which uid
// wrote each marker (another uid needs more than the usual right to change it), how many
// entries each holds (the caps hold across all blocks), and which caller's connection keeps
// it alive (a lease that outlived its caller while the helper was down is cleared at start).
class BlockRegistry
{
public:
    struct Block
    {
        uint uid = 0;
        qsizetype entries = 0;
        QString lease; // the caller (a unique bus name, a connection) keeping it; empty: kept
        friend bool operator==(const Block &, const Block &) = default;
    };

    // requireRootOwned is false only in tests that run without root.
    explicit BlockRegistry(QString stateDir, bool requireRootOwned = true);

    // Reads the state file; a missing one is an empty registry. False with the reason when
    // it cannot be trusted or parsed (the helper then starts empty and says so).
    bool load(QString *error);

    std::optional<Block> block(const QString &marker) const;
    QList<QString> markers() const { return m_blocks.keys(); }
    // Entries in every block but marker's: what a new request for marker adds to.
    qsizetype entriesBesides(const QString &marker) const;
    qsizetype blockCount() const { return m_blocks.size(); }

    // After a write of marker by uid (entries > 0), a clear (entries == 0 removes it).
    bool recordWrite(const QString &marker, uint uid, qsizetype entries, QString *error);
    bool setLease(const QString &marker, const QString &lease, QString *error);

    QString path() const;

private:
    bool save(QString *error) const;

    QString m_stateDir;
    bool m_requireRootOwned;
    QHash<QString, Block> m_blocks;
};
