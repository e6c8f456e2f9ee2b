#pragma once

#include <QString>
#include <QStringList>

class HttpConnection;
struct HttpRequest;

// Who is asking: a bearer token from the accepted list, a client certificate that chains to
// the server's CA (the user is its CN), or anonymous. A wrong token or an untrusted
// certificate is refused (401) even when anonymous requests are allowed, as the real API
// server does.
class RequestAuthenticator
{
public:
    struct Outcome
    {
        bool allowed = false;
        QString user;   // for the request log; never the credential itself
        QString reason; // why it was refused
    };

    void setTokens(const QStringList &tokens) { m_tokens = tokens; }
    const QStringList &tokens() const { return m_tokens; }
    void setAllowAnonymous(bool allow) { m_allowAnonymous = allow; }
    bool allowsAnonymous() const { return m_allowAnonymous; }

    Outcome check(const HttpRequest &request, const HttpConnection &connection) const;

private:
    QStringList m_tokens;
    bool m_allowAnonymous = true;
};
