#include "hostsblock.h"

#include <algorithm>

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedLine(QByteArrayView line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    while (!line.isEmpty() && isBlank(line.front()))
        line = line.sliced(1);
    while (!line.isEmpty() && isBlank(line.back()))
        line.chop(1);
    return line;
}

// text as toLatin1() would give it, without a temporary: a block is rendered for every write.
void appendLatin1(QByteArray &out, QStringView text)
{
    const qsizetype at = out.size();
    out.resize(at + text.size());
    char *p = out.data() + at;
    for (const QChar c : text)
        *p++ = c.unicode() > 0xff ? '?' : char(c.unicode());
}

void appendEntry(QByteArray &out, const HostEntry &entry)
{
    appendLatin1(out, entry.ip);
    out += ' ';
    appendLatin1(out, entry.host);
    if (!entry.comment.isEmpty()) {
        out += "  # ";
        appendLatin1(out, entry.comment);
    }
    out += '\n';
}

} // namespace

namespace HostsBlock {

QString defaultMarker()
{
    return QStringLiteral("K8S-HOSTS");
}

bool isValidMarker(QStringView marker)
{
    if (marker.isEmpty() || marker.size() > 64)
        return false;
    return std::all_of(marker.begin(), marker.end(), [](QChar c) {
        return (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-';
    });
}

QByteArray beginLine(QStringView marker)
{
    return "#### BEGIN " + marker.toLatin1() + " ####";
}

QByteArray endLine(QStringView marker)
{
    return "#### END " + marker.toLatin1() + " ####";
}

bool isMarkerLine(QByteArrayView line, QByteArrayView markerLine)
{
    return trimmedLine(line) == markerLine;
}

QByteArray renderEntry(const HostEntry &entry)
{
    QByteArray line;
    line.reserve(renderedSize(entry));
    appendEntry(line, entry);
    return line;
}

qsizetype renderedSize(const HostEntry &entry)
{
    // One byte per UTF-16 unit, as toLatin1() gives.
    return entry.ip.size() + 1 + entry.host.size() +
           (entry.comment.isEmpty() ? 0 : 4 + entry.comment.size()) + 1;
}

QByteArray render(QStringView marker, const HostEntries &entries)
{
    QByteArray block = beginLine(marker) + '\n';
    qsizetype size = block.size() * 2;
    for (const HostEntry &entry : entries)
        size += renderedSize(entry);
    block.reserve(size);
    for (const HostEntry &entry : entries)
        appendEntry(block, entry);
    return block + endLine(marker) + '\n';
}

HostEntries parseEntries(QByteArrayView innerLines)
{
    HostEntries entries;
    qsizetype from = 0;
    while (from < innerLines.size()) {
        qsizetype end = innerLines.indexOf('\n', from);
        if (end < 0)
            end = innerLines.size();
        QByteArrayView line = trimmedLine(innerLines.sliced(from, end - from));
        from = end + 1;

        QByteArrayView comment;
        if (const qsizetype hash = line.indexOf('#'); hash >= 0) {
            comment = trimmedLine(line.sliced(hash + 1));
            line = trimmedLine(line.first(hash));
        }
        const qsizetype space = line.indexOf(' ');
        if (space <= 0 || line.isEmpty())
            continue;
        const QByteArrayView host = trimmedLine(line.sliced(space + 1));
        if (host.isEmpty() || host.contains(' ') || host.contains('\t'))
            continue;
        entries.append({QString::fromLatin1(line.first(space)), QString::fromLatin1(host),
                        QString::fromLatin1(comment)});
    }
    return entries;
}

} // namespace HostsBlock
