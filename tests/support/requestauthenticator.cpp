#include "tests/support/requestauthenticator.h"

#include "tests/support/httpconnection.h"
#include "tests/support/httprequest.h"

#include <QSslSocket>

using namespace Qt::StringLiterals;

RequestAuthenticator::Outcome RequestAuthenticator::check(const HttpRequest &request,
                                                          const HttpConnection &connection) const
{
    Outcome outcome;
    const QByteArray authorization = request.header("authorization");
    if (authorization.startsWith("Bearer ")) {
        const QString token = QString::fromLatin1(authorization.mid(7).trimmed());
        const qsizetype index = m_tokens.indexOf(token);
        if (index < 0) {
            outcome.reason = u"the bearer token is not one the server accepts"_s;
            return outcome;
        }
        outcome.allowed = true;
        outcome.user = u"token-user-%1"_s.arg(index + 1);
        return outcome;
    }
    if (!authorization.isEmpty()) {
        outcome.reason = u"only bearer tokens are supported"_s;
        return outcome;
    }
    if (const QSslSocket *ssl = connection.sslSocket(); ssl && !ssl->peerCertificate().isNull()) {
        // Client certificates are optional (QueryPeer), so Qt keeps verification errors
        // instead of failing the handshake: any error means the CA does not vouch for it.
        if (!ssl->sslHandshakeErrors().isEmpty()) {
            outcome.reason = u"the client certificate is not signed by the server's CA"_s;
            return outcome;
        }
        outcome.allowed = true;
        outcome.user = ssl->peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0);
        return outcome;
    }
    outcome.allowed = m_allowAnonymous;
    outcome.user = u"system:anonymous"_s;
    if (!outcome.allowed)
        outcome.reason = u"anonymous requests are not allowed"_s;
    return outcome;
}
