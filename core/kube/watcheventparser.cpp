#include "core/kube/watcheventparser.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <optional>

namespace {

// Beyond this a finished line's buffer is freed instead of kept for the next one.
constexpr qsizetype KeptBufferCapacity = 64 * 1024;

bool isBlank(QByteArrayView line)
{
    return std::all_of(line.begin(), line.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

std::optional<WatchEvent::Type> eventType(QStringView name)
{
    if (name == u"ADDED")
        return WatchEvent::Type::Added;
    if (name == u"MODIFIED")
        return WatchEvent::Type::Modified;
    if (name == u"DELETED")
        return WatchEvent::Type::Deleted;
    if (name == u"BOOKMARK")
        return WatchEvent::Type::Bookmark;
    if (name == u"ERROR")
        return WatchEvent::Type::Error;
    return std::nullopt;
}

} // namespace

WatchEventParser::WatchEventParser(qsizetype maxLineLength)
    : m_maxLineLength(std::max<qsizetype>(maxLineLength, 1))
{}

QList<WatchEventParser::Output> WatchEventParser::feed(QByteArrayView bytes)
{
    QList<Output> out;
    while (!bytes.isEmpty()) {
        const qsizetype newline = bytes.indexOf('\n');
        if (newline < 0) {
            appendPartial(bytes, out);
            break;
        }
        const QByteArrayView rest = bytes.first(newline);
        bytes = bytes.sliced(newline + 1);
        if (m_discarding) {
            m_discarding = false; // the over-long line ends here; resynchronised
            ++m_lineNumber;
            continue;
        }
        ++m_lineNumber;
        if (m_buffer.isEmpty()) {
            // Whole line inside this chunk: parse it in place, no copy.
            if (rest.size() > m_maxLineLength)
                reportOverlong(out);
            else
                parseLine(rest, out);
            continue;
        }
        if (m_buffer.size() + rest.size() > m_maxLineLength) {
            reportOverlong(out);
            clearBuffer();
            continue;
        }
        m_buffer.append(rest);
        parseLine(m_buffer, out);
        clearBuffer();
    }
    return out;
}

QList<WatchEventParser::Output> WatchEventParser::finish()
{
    QList<Output> out;
    if (!m_discarding && !isBlank(m_buffer)) {
        ++m_lineNumber;
        parseLine(m_buffer, out);
        if (!out.isEmpty() && out.constLast().isError()) {
            out.last().error =
                QStringLiteral("The watch stream ended in the middle of an event (line %1, "
                               "%2 bytes without a line end); the connection was probably cut.")
                    .arg(m_lineNumber)
                    .arg(m_buffer.size());
        }
    }
    reset();
    return out;
}

void WatchEventParser::reset()
{
    m_buffer = QByteArray();
    m_discarding = false;
    m_lineNumber = 0;
}

void WatchEventParser::appendPartial(QByteArrayView bytes, QList<Output> &out)
{
    if (m_discarding)
        return;
    if (m_buffer.size() + bytes.size() > m_maxLineLength) {
        ++m_lineNumber;
        reportOverlong(out);
        --m_lineNumber; // the line is counted again when its '\n' arrives
        m_buffer = QByteArray();
        m_discarding = true;
        return;
    }
    m_buffer.append(bytes);
}

void WatchEventParser::parseLine(QByteArrayView line, QList<Output> &out)
{
    if (isBlank(line))
        return;
    if (line.endsWith('\r'))
        line.chop(1);
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(line.data(), line.size()), &parseError);
    const auto skipped = [&](const QString &why) {
        Output result;
        result.error = QStringLiteral("Skipped line %1 of the watch stream: %2. The server or a "
                                      "proxy sent a malformed event.")
                           .arg(m_lineNumber)
                           .arg(why);
        out.append(std::move(result));
    };
    if (parseError.error != QJsonParseError::NoError) {
        skipped(QStringLiteral("it is not valid JSON (%1 at byte %2)")
                    .arg(parseError.errorString())
                    .arg(parseError.offset));
        return;
    }
    if (!document.isObject()) {
        skipped(QStringLiteral("it is not a JSON object"));
        return;
    }
    const QJsonObject root = document.object();
    const QJsonValue type = root.value(u"type");
    const QJsonValue object = root.value(u"object");
    if (!type.isString()) {
        skipped(QStringLiteral("it has no \"type\" string"));
        return;
    }
    const std::optional<WatchEvent::Type> known = eventType(type.toString());
    if (!known) {
        // The type is the server's word, short and not secret; cap it all the same.
        skipped(QStringLiteral("its type \"%1\" is not ADDED, MODIFIED, DELETED, BOOKMARK or "
                               "ERROR")
                    .arg(type.toString().left(40)));
        return;
    }
    if (!object.isObject()) {
        skipped(QStringLiteral("it has no \"object\""));
        return;
    }
    Output result;
    result.event.type = *known;
    result.event.object = object.toObject();
    out.append(std::move(result));
}

void WatchEventParser::reportOverlong(QList<Output> &out)
{
    Output result;
    result.error = QStringLiteral("Skipped line %1 of the watch stream: it is longer than the "
                                  "%2-byte limit. The server or a proxy sent a malformed stream.")
                       .arg(m_lineNumber)
                       .arg(m_maxLineLength);
    out.append(std::move(result));
}

void WatchEventParser::clearBuffer()
{
    if (m_buffer.capacity() > KeptBufferCapacity)
        m_buffer = QByteArray();
    else
        m_buffer.resize(0);
}
