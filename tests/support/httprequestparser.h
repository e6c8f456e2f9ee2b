#pragma once

#include "tests/support/httprequest.h"

#include <QByteArray>

#include <optional>

// Reads HTTP/1.1 requests from a connection's bytes as they arrive: request line, headers,
// and a Content-Length body. Sizes are capped; a malformed request is an error after which
// the connection should answer 400 and close.
class HttpRequestParser
{
public:
    void feed(QByteArrayView bytes) { m_buffer.append(bytes); }
    // The next complete request, if one has arrived. Sets *error (and returns nullopt) when
    // the bytes cannot be a request.
    std::optional<HttpRequest> next(QString *error);

private:
    QByteArray m_buffer;
};
