#include "core/hosts/hostsblock.h"

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

// text as toLatin1() would give it, written in place: a block is rendered for every write.
char *putLatin1(char *out, QStringView text)
{
    return std::transform(text.utf16(), text.utf16() + text.size(), out,
                          [](char16_t c) { return c > 0xff ? '?' : char(c); });
}

// Writes renderedSize(entry) bytes.
char *putEntry(char *out, const HostEntry &entry)
{
    out = putLatin1(out, entry.ip);
    *out++ = ' ';
    out = putLatin1(out, entry.host);
    if (!entry.comment.isEmpty()) {
        out = std::copy_n("  # ", 4, out);
        out = putLatin1(out, entry.comment);
    }
    *out++ = '\n';
    return out;
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
    QByteArray line(renderedSize(entry), Qt::Uninitialized);
    putEntry(line.data(), entry);
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
    const QByteArray begin = beginLine(marker) + '\n';
    const QByteArray end = endLine(marker) + '\n';
    qsizetype size = begin.size() + end.size();
    for (const HostEntry &entry : entries)
        size += renderedSize(entry);
    // One buffer of the exact size, written through a pointer: no per-string size checks.
    QByteArray block(size, Qt::Uninitialized);
    char *out = std::copy(begin.cbegin(), begin.cend(), block.data());
    for (const HostEntry &entry : entries)
        out = putEntry(out, entry);
    std::copy(end.cbegin(), end.cend(), out);
    return block;
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
