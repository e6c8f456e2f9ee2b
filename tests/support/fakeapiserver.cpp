#include "tests/support/fakeapiserver.h"

#include "tests/support/apilistener.h"
#include "tests/support/apipath.h"
#include "tests/support/httpconnection.h"
#include "tests/support/httprequest.h"
#include "tests/support/testsupportlog.h"
#include "tests/support/testtls.h"
#include "tests/support/watchsession.h"

#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

FakeApiServer::FakeApiServer(QObject *parent)
    : FakeApiServer(Options(), parent)
{}

FakeApiServer::FakeApiServer(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_handler(&m_cluster, &m_faults)
    , m_listener(new ApiListener(this))
{
    m_authenticator.setTokens(options.tokens);
    m_authenticator.setAllowAnonymous(options.allowAnonymous);
    if (options.tls)
        m_listener->setTls(TestTls::serverConfiguration());
    connect(m_listener, &ApiListener::accepted, this, &FakeApiServer::onAccepted);
}

FakeApiServer::~FakeApiServer()
{
    stopListening();
}

bool FakeApiServer::listen(QString *error)
{
    if (m_listener->isListening())
        return true;
    if (!m_listener->listen(m_options.address, m_options.port)) {
        if (error) {
            *error = u"The test API server cannot listen on %1:%2: %3"_s.arg(
                m_options.address.toString(), QString::number(m_options.port),
                m_listener->errorString());
        }
        return false;
    }
    m_options.port = m_listener->serverPort();
    qCDebug(lcTestSupport) << "listening on" << url();
    return true;
}

void FakeApiServer::stopListening()
{
    m_listener->close();
    dropConnections();
}

bool FakeApiServer::isListening() const
{
    return m_listener->isListening();
}

QUrl FakeApiServer::url() const
{
    QHostAddress host = m_options.address;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url;
    url.setScheme(m_options.tls ? u"https"_s : u"http"_s);
    url.setHost(host.toString());
    url.setPort(m_options.port);
    return url;
}

void FakeApiServer::setTokens(const QStringList &tokens)
{
    m_options.tokens = tokens;
    m_authenticator.setTokens(tokens);
}

void FakeApiServer::setAllowAnonymous(bool allow)
{
    m_options.allowAnonymous = allow;
    m_authenticator.setAllowAnonymous(allow);
}

void FakeApiServer::setBookmarkInterval(std::chrono::milliseconds interval)
{
    m_options.bookmarkInterval = interval;
}

KubeconfigWriter FakeApiServer::kubeconfig(KubeconfigWriter::Credentials credentials,
                                           const QString &token) const
{
    KubeconfigWriter writer(url(), m_options.tls ? TestTls::caPem() : QByteArray());
    writer.setCredentials(credentials, token);
    return writer;
}

void FakeApiServer::onAccepted(QTcpSocket *socket)
{
    auto *connection = new HttpConnection(socket, this);
    m_connections.append(connection);
    connect(connection, &HttpConnection::requestReady, this,
            [this, connection](const HttpRequest &request) { onRequest(connection, request); });
    connect(connection, &HttpConnection::closed, this, [this, connection] {
        m_connections.removeOne(connection);
        connection->deleteLater();
    });
}

void FakeApiServer::onRequest(HttpConnection *connection, const HttpRequest &request)
{
    const RequestAuthenticator::Outcome auth = m_authenticator.check(request, *connection);
    if (!auth.allowed) {
        qCDebug(lcTestSupport) << "401 for" << request.path << "-" << auth.reason;
        connection->respond(401, ApiHandler::errorBody(401, request, auth.user));
        record(request, 401, auth.user);
        return;
    }
    const FaultPlan::Request kind = ApiHandler::classify(request);
    if (const std::optional<int> failure = m_faults.takeFailure(request.path, kind)) {
        connection->respond(*failure, ApiHandler::errorBody(*failure, request, auth.user));
        record(request, *failure, auth.user);
        return;
    }
    const std::chrono::milliseconds delay = m_faults.takeDelay(request.path, kind);
    if (delay.count() > 0) {
        QPointer<HttpConnection> guard(connection);
        QTimer::singleShot(delay, this, [this, guard, request, user = auth.user] {
            if (guard)
                answer(guard, request, user);
        });
        return;
    }
    answer(connection, request, auth.user);
}

void FakeApiServer::answer(HttpConnection *connection, const HttpRequest &request,
                           const QString &user)
{
    ApiHandler::Limits limits;
    limits.bookmarkInterval = m_options.bookmarkInterval;
    limits.maxWatch = m_options.maxWatch;
    const QString address = u"%1:%2"_s.arg(url().host()).arg(m_options.port);
    WatchSession *session = m_handler.serve(connection, request, address, limits);
    record(request, connection->lastStatus(), user);
    if (!session)
        return;
    const ResourceKind kind = session->plan().type->kind;
    if (!session->isActive()) {
        session->deleteLater(); // refused or already over (410 in the stream)
        return;
    }
    m_watches.append(session);
    connect(session, &WatchSession::finished, this, [this, session, kind] {
        m_watches.removeOne(session);
        session->deleteLater();
        Q_EMIT watchFinished(kind);
    });
    Q_EMIT watchStarted(kind, session->plan().filter.namespaceName());
}

void FakeApiServer::record(const HttpRequest &request, int status, const QString &user)
{
    RequestRecord entry{QString::fromLatin1(request.method), request.path, request.query, status,
                        user};
    m_requests.append(entry);
    Q_EMIT requestServed(entry);
}

QList<WatchSession *> FakeApiServer::activeWatches() const
{
    QList<WatchSession *> sessions;
    for (const QPointer<WatchSession> &session : m_watches) {
        if (session && session->isActive())
            sessions << session.data();
    }
    return sessions;
}

int FakeApiServer::openWatches() const
{
    return int(activeWatches().size());
}

int FakeApiServer::openWatches(ResourceKind kind) const
{
    int count = 0;
    for (WatchSession *session : activeWatches())
        count += session->plan().type->kind == kind ? 1 : 0;
    return count;
}

void FakeApiServer::dropConnections()
{
    const QList<HttpConnection *> connections = m_connections;
    for (HttpConnection *connection : connections)
        connection->abort();
}

void FakeApiServer::dropWatchesMidEvent()
{
    for (WatchSession *session : activeWatches())
        session->cutNow();
}

void FakeApiServer::expireWatches()
{
    m_cluster.compact();
    m_handler.pager().expireTokens();
    for (WatchSession *session : activeWatches())
        session->expire();
}

void FakeApiServer::endWatches()
{
    for (WatchSession *session : activeWatches())
        session->end();
}

void FakeApiServer::sendBookmarks()
{
    for (WatchSession *session : activeWatches())
        session->sendBookmark();
}

void FakeApiServer::writeToWatches(const QByteArray &bytes)
{
    for (WatchSession *session : activeWatches())
        session->writeGarbage(bytes);
}

void FakeApiServer::freezeWatches()
{
    for (WatchSession *session : activeWatches())
        session->setFrozen(true);
}
