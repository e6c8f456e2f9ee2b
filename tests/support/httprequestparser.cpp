#include "tests/support/httprequestparser.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype MaxHeaderBytes = 64 * 1024;
constexpr qsizetype MaxBodyBytes = 4 * 1024 * 1024;

} // namespace

std::optional<HttpRequest> HttpRequestParser::next(QString *error)
{
    // Tolerate stray line ends between requests, as RFC 9112 asks.
    while (m_buffer.startsWith("\r\n"))
        m_buffer.remove(0, 2);
    const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (m_buffer.size() > MaxHeaderBytes)
            *error = u"request headers are larger than 64 KiB"_s;
        return std::nullopt;
    }
    const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        *error = u"malformed request line"_s;
        return std::nullopt;
    }
    HttpRequest request;
    request.method = requestLine.at(0);
    request.target = requestLine.at(1);
    request.version = requestLine.at(2);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            *error = u"malformed header line"_s;
            return std::nullopt;
        }
        request.headers.append(
            {line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    if (!request.header("transfer-encoding").isEmpty()) {
        *error = u"chunked request bodies are not supported"_s;
        return std::nullopt;
    }
    bool ok = true;
    const QByteArray lengthHeader = request.header("content-length");
    const qsizetype length = lengthHeader.isEmpty() ? 0 : lengthHeader.toLongLong(&ok);
    if (!ok || length < 0 || length > MaxBodyBytes) {
        *error = u"bad Content-Length"_s;
        return std::nullopt;
    }
    const qsizetype bodyStart = headerEnd + 4;
    if (m_buffer.size() < bodyStart + length)
        return std::nullopt;
    request.body = m_buffer.mid(bodyStart, length);
    m_buffer.remove(0, bodyStart + length);

    const QUrl url = QUrl::fromEncoded(request.target);
    if (!url.isValid() || !request.target.startsWith('/')) {
        *error = u"malformed request target"_s;
        return std::nullopt;
    }
    request.path = url.path(QUrl::FullyDecoded);
    request.query = QUrlQuery(url);
    return request;
}
