#pragma once

#include "core/hosts/hostentry.h"

#include <QByteArray>
#include <QHash>
#include <QSet>

#include <optional>

// A name on a line outside our block: where it is and what it points at, so a host it
// shadows can say which line wins. block: the marker of another tool's "#### BEGIN X ####"
// block around that line (the Go k8s-hosts-controller's TYK-K8S-HOSTS, an old --marker).
struct OutsideName
{
    int line = 0; // 1-based
    QString address;
    QString block;
    friend bool operator==(const OutsideName &, const OutsideName &) = default;
};
using OutsideNames = QHash<QString, OutsideName>; // by lowercase name: its first line

// A hosts file's bytes split into (before, our block, after) for one marker. Everything
// outside the block is kept as opaque bytes: line endings, BOMs, tabs, other tools' blocks
// and invalid UTF-8 come back out exactly as they went in.
class HostsDocument
{
public:
    // Fails, with a sentence naming the line, when the markers are unbalanced (BEGIN
    // without END, END without BEGIN, BEGIN inside a block): guessing where our block ends
    // could delete someone else's lines. Two or more complete blocks are merged into one.
    static std::optional<HostsDocument> parse(QByteArray content, QStringView marker,
                                              QString *error);

    const QByteArray &content() const { return m_content; }
    bool hasBlock() const { return !m_blocks.isEmpty(); }
    int blockCount() const { return int(m_blocks.size()); }
    HostEntries entries() const;
    // Lowercase names used on lines outside our block (comments excluded).
    QSet<QString> namesOutsideBlock() const;
    // The same names with the line that names each first.
    OutsideNames outsideNames() const;

    // The file with our block holding these entries (in this order), at the block's place
    // or appended; with no entries, the file without our block.
    QByteArray withEntries(const HostEntries &entries) const;
    QByteArray withoutBlock() const { return withEntries({}); }

private:
    // Calls visit(name, lineNumber, address, otherBlock) for every name outside our block.
    template <typename Visit>
    void forEachOutsideName(Visit visit) const;

    // A block's bytes: from its BEGIN line to the '\n' after its END line. When the END line
    // ends the file without a '\n', the '\n' before BEGIN belongs to the block instead, so
    // that removing the block gives back a file without a final newline, as it was.
    struct Span
    {
        qsizetype begin = 0;
        qsizetype end = 0;
        qsizetype innerBegin = 0; // after the BEGIN line
        qsizetype innerEnd = 0;   // at the END line
        bool endsFile = false;    // END had no '\n'
    };

    QByteArray m_content;
    QString m_marker;
    QList<Span> m_blocks;
};
