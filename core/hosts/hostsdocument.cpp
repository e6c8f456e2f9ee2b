#include "core/hosts/hostsdocument.h"

#include "core/hosts/hostsblock.h"

namespace {

bool fail(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

// SwitchHosts (append mode) replaces everything after this line: our block goes above it.
constexpr QByteArrayView switchHostsMarker = "# --- SWITCHHOSTS_CONTENT_START ---";

struct Line
{
    qsizetype begin;
    qsizetype end; // at '\n' or at the end of the content
    bool hasNewline;
};

template <typename Visit>
void forEachLine(const QByteArray &content, Visit visit)
{
    qsizetype from = 0;
    while (from < content.size()) {
        qsizetype end = content.indexOf('\n', from);
        const bool hasNewline = end >= 0;
        if (!hasNewline)
            end = content.size();
        if (!visit(Line{from, end, hasNewline}))
            return;
        from = end + 1;
    }
}

} // namespace

std::optional<HostsDocument> HostsDocument::parse(QByteArray content, QStringView marker,
                                                  QString *error)
{
    if (!HostsBlock::isValidMarker(marker)) {
        fail(error, QStringLiteral("\"%1\" is not a valid marker: use 1 to 64 of A-Z, 0-9 and '-'")
                        .arg(marker.left(80)));
        return std::nullopt;
    }
    HostsDocument doc;
    doc.m_content = std::move(content);
    doc.m_marker = marker.toString();
    const QByteArray begin = HostsBlock::beginLine(marker);
    const QByteArray end = HostsBlock::endLine(marker);

    int lineNumber = 0;
    int openLine = 0;
    Span open;
    QString problem;
    forEachLine(doc.m_content, [&](const Line &line) {
        ++lineNumber;
        const QByteArrayView text =
            QByteArrayView(doc.m_content).sliced(line.begin, line.end - line.begin);
        if (HostsBlock::isMarkerLine(text, begin)) {
            if (openLine) {
                problem = QStringLiteral("line %1 opens a %2 block inside the one opened on line "
                                         "%3; remove one of the two BEGIN lines")
                              .arg(lineNumber)
                              .arg(marker)
                              .arg(openLine);
                return false;
            }
            openLine = lineNumber;
            open = Span{line.begin, 0, line.end + 1, 0, false};
        } else if (HostsBlock::isMarkerLine(text, end)) {
            if (!openLine) {
                problem = QStringLiteral("line %1 ends a %2 block that was never opened; remove "
                                         "that line or add \"%3\" above the block")
                              .arg(lineNumber)
                              .arg(marker, QString::fromLatin1(begin));
                return false;
            }
            open.innerEnd = line.begin;
            open.end = line.hasNewline ? line.end + 1 : line.end;
            if (!line.hasNewline && open.begin > 0) {
                open.begin -= 1; // the '\n' before BEGIN is ours (see Span)
                open.endsFile = true;
            }
            doc.m_blocks.append(open);
            openLine = 0;
        }
        return true;
    });
    if (problem.isEmpty() && openLine)
        problem = QStringLiteral("line %1 opens a %2 block that is never closed; add \"%3\" after "
                                 "its last entry or remove the BEGIN line")
                      .arg(openLine)
                      .arg(marker, QString::fromLatin1(end));
    if (!problem.isEmpty()) {
        fail(error, problem);
        return std::nullopt;
    }
    return doc;
}

HostEntries HostsDocument::entries() const
{
    HostEntries all;
    for (const Span &span : m_blocks)
        all += HostsBlock::parseEntries(QByteArrayView(m_content).sliced(
            span.innerBegin, std::max<qsizetype>(0, span.innerEnd - span.innerBegin)));
    return all;
}

// "#### BEGIN X ####" of any tool, with X as the Go k8s-hosts-controller and we write it.
static QByteArray otherBlockMarker(QByteArrayView trimmed, QByteArrayView keyword)
{
    const QByteArray head = "#### " + keyword.toByteArray() + ' ';
    if (!trimmed.startsWith(head) || !trimmed.endsWith(" ####") ||
        trimmed.size() <= head.size() + 5)
        return {};
    return trimmed.sliced(head.size(), trimmed.size() - head.size() - 5).trimmed().toByteArray();
}

template <typename Visit>
void HostsDocument::forEachOutsideName(Visit visit) const
{
    qsizetype blockIndex = 0;
    int lineNumber = 0;
    QByteArray otherBlock;
    forEachLine(m_content, [&](const Line &line) {
        ++lineNumber;
        while (blockIndex < m_blocks.size() && m_blocks[blockIndex].end <= line.begin)
            ++blockIndex;
        if (blockIndex < m_blocks.size() && line.begin >= m_blocks[blockIndex].begin)
            return true; // inside our block
        QByteArrayView text = QByteArrayView(m_content).sliced(line.begin, line.end - line.begin);
        if (text.startsWith("####")) {
            const QByteArrayView trimmed = text.trimmed();
            if (const QByteArray begin = otherBlockMarker(trimmed, "BEGIN"); !begin.isEmpty())
                otherBlock = begin;
            else if (!otherBlockMarker(trimmed, "END").isEmpty())
                otherBlock.clear();
            return true;
        }
        if (const qsizetype hash = text.indexOf('#'); hash >= 0)
            text = text.first(hash);
        QByteArray address;
        for (const QByteArray &token :
             text.toByteArray().replace('\t', ' ').replace('\r', ' ').split(' ')) {
            if (token.isEmpty())
                continue;
            if (address.isEmpty())
                address = token; // the first field is the address
            else
                visit(token.toLower(), lineNumber, address, otherBlock);
        }
        return true;
    });
}

QSet<QString> HostsDocument::namesOutsideBlock() const
{
    QSet<QString> names;
    forEachOutsideName([&](const QByteArray &name, int, const QByteArray &, const QByteArray &) {
        names.insert(QString::fromLatin1(name));
    });
    return names;
}

OutsideNames HostsDocument::outsideNames() const
{
    OutsideNames names;
    forEachOutsideName(
        [&](const QByteArray &name, int line, const QByteArray &address, const QByteArray &block) {
            const QString key = QString::fromLatin1(name);
            if (!names.contains(key))
                names.insert(key, {line, QString::fromLatin1(address), QString::fromLatin1(block)});
        });
    return names;
}

QByteArray HostsDocument::withEntries(const HostEntries &entries) const
{
    const QByteArray block =
        entries.isEmpty() ? QByteArray() : HostsBlock::render(m_marker, entries);
    if (m_blocks.isEmpty()) {
        if (block.isEmpty())
            return m_content;
        qsizetype at = -1;
        forEachLine(m_content, [&](const Line &line) {
            if (HostsBlock::isMarkerLine(
                    QByteArrayView(m_content).sliced(line.begin, line.end - line.begin),
                    switchHostsMarker))
                at = line.begin;
            return at < 0;
        });
        if (at >= 0)
            return m_content.left(at) + block + m_content.mid(at);
        if (m_content.isEmpty() || m_content.endsWith('\n'))
            return m_content + block;
        return m_content + '\n' + block.chopped(1); // keep "no final newline" (see Span)
    }

    QByteArray out;
    out.reserve(m_content.size() + block.size());
    qsizetype copied = 0;
    for (qsizetype i = 0; i < m_blocks.size(); ++i) {
        const Span &span = m_blocks[i];
        out += QByteArrayView(m_content).sliced(copied, span.begin - copied);
        if (i == 0 && !block.isEmpty())
            out += span.endsFile ? '\n' + block.chopped(1) : block;
        copied = span.end;
    }
    out += QByteArrayView(m_content).sliced(copied);
    return out;
}
