#include "core/kube/reflector.h"

#include "core/kube/apiclient.h"
#include "core/log/logevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <utility>

Q_LOGGING_CATEGORY(lcWatch, "k8shosts.kube.watch", QtInfoMsg)

namespace {

QString statusMessage(const QJsonObject &status)
{
    return untrusted(status.value(u"message").toString().left(500));
}

} // namespace

Reflector::Reflector(ApiClient *client, QString collectionPath, Options options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_path(std::move(collectionPath))
    , m_options(options)
    , m_random(options.seed ? options.seed : QRandomGenerator::system()->generate())
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        if (m_relistPending || m_resourceVersion.isEmpty())
            relist();
        else
            watch();
    });
}

Reflector::~Reflector()
{
    dropReply();
}

void Reflector::start()
{
    if (m_state != State::Idle && m_state != State::Stopped)
        return;
    relist();
}

void Reflector::stop()
{
    m_retry.stop();
    dropReply();
    setState(State::Stopped);
}

void Reflector::retryNow()
{
    if (m_state == State::Stopped && m_synced)
        return;
    m_retry.stop();
    dropReply();
    if (m_relistPending || m_resourceVersion.isEmpty())
        relist();
    else
        watch();
}

void Reflector::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void Reflector::dropReply()
{
    if (m_reply) {
        // Queued: aborting a reply from inside its own readyRead confuses QNetworkReply.
        m_reply->disconnect(this);
        QMetaObject::invokeMethod(m_reply, &QNetworkReply::abort, Qt::QueuedConnection);
        m_reply->deleteLater();
    }
    m_reply = nullptr;
}

void Reflector::relist()
{
    m_relistPending = false;
    m_continue.clear();
    ++m_relists;
    Q_EMIT relistStarted();
    list();
}

void Reflector::list()
{
    setState(State::Listing);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_options.pageSize));
    if (!m_continue.isEmpty())
        query.addQueryItem(QStringLiteral("continue"), m_continue);
    dropReply();
    m_reply = m_client->get(m_path, query, m_options.requestTimeoutMs);
    connect(m_reply, &QNetworkReply::finished, this, &Reflector::onListFinished);
}

void Reflector::onListFinished()
{
    const ApiClient::Answer answer = ApiClient::take(std::exchange(m_reply, nullptr));
    const int status = answer.status;
    const QByteArray &body = answer.body;
    if (status == 410) {
        // The continue token expired (or the version was compacted): start over.
        qCInfo(lcWatch) << m_path << "list expired; listing again from the start";
        relist();
        return;
    }
    if (status != 200 || answer.cut) {
        fail(status, answer.error);
        return;
    }
    QJsonParseError error;
    const QJsonObject page = QJsonDocument::fromJson(body, &error).object();
    if (error.error != QJsonParseError::NoError || !page.value(u"items").isArray()) {
        fail(200, QStringLiteral("%1 returned a list that is not valid JSON (%2)")
                      .arg(m_path, error.errorString()));
        return;
    }
    for (const QJsonValue &item : page.value(u"items").toArray()) {
        if (item.isObject())
            Q_EMIT objectUpserted(item.toObject());
    }
    if (m_state == State::Stopped)
        return; // a receiver stopped us
    const QJsonObject metadata = page.value(u"metadata").toObject();
    m_continue = metadata.value(u"continue").toString();
    if (!m_continue.isEmpty()) {
        list();
        return;
    }
    m_resourceVersion = metadata.value(u"resourceVersion").toString();
    Q_EMIT relistFinished();
    if (!m_synced) {
        m_synced = true;
        Q_EMIT synced();
    }
    watch();
}

void Reflector::watch()
{
    setState(State::Watching);
    const int timeout = m_options.watchTimeoutSeconds > 0 ? m_options.watchTimeoutSeconds
                                                          : 300 + int(m_random.bounded(300));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("watch"), QStringLiteral("1"));
    query.addQueryItem(QStringLiteral("resourceVersion"), m_resourceVersion);
    query.addQueryItem(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("timeoutSeconds"), QString::number(timeout));
    dropReply();
    m_parser.reset();
    m_watchAge.start();
    m_reply = m_client->watch(m_path, query, timeout * 1000 + m_options.idleMarginMs);
    connect(m_reply, &QNetworkReply::readyRead, this, &Reflector::onWatchData);
    connect(m_reply, &QNetworkReply::finished, this, &Reflector::onWatchFinished);
}

void Reflector::onWatchData()
{
    if (ApiClient::httpStatus(m_reply) != 200)
        return; // an error body: read whole when the reply finishes
    for (const auto &output : m_parser.feed(m_reply->readAll())) {
        if (output.isError()) {
            // A line we cannot read may have been an event we now miss: resynchronise.
            qCWarning(lcWatch) << m_path << "unreadable watch line:" << output.error;
            m_relistPending = true;
        } else {
            handleEvent(output.event);
        }
        if (m_relistPending || !m_reply)
            break;
    }
    if (m_relistPending && m_reply) {
        dropReply();
        relist();
    }
}

void Reflector::handleEvent(const WatchEvent &event)
{
    switch (event.type) {
    case WatchEvent::Type::Added:
    case WatchEvent::Type::Modified:
        m_resourceVersion = event.resourceVersion();
        Q_EMIT objectUpserted(event.object);
        break;
    case WatchEvent::Type::Deleted:
        m_resourceVersion = event.resourceVersion();
        Q_EMIT objectDeleted(event.object);
        break;
    case WatchEvent::Type::Bookmark:
        m_resourceVersion = event.resourceVersion();
        break;
    case WatchEvent::Type::Error:
        if (event.statusCode() == 410) {
            qCInfo(lcWatch) << m_path << "watch history expired; listing again";
        } else {
            qCWarning(lcWatch) << m_path << "watch error" << event.statusCode()
                               << statusMessage(event.object);
        }
        m_relistPending = true;
        break;
    }
}

void Reflector::onWatchFinished()
{
    const ApiClient::Answer answer = ApiClient::take(std::exchange(m_reply, nullptr));
    const int status = answer.status;
    if (status == 200) { // onWatchData() had every byte: readyRead comes before finished
        for (const auto &output : m_parser.finish()) {
            if (!output.isError())
                handleEvent(output.event);
        }
    }
    const bool stable = m_watchAge.isValid() && m_watchAge.elapsed() >= m_options.stableAfterMs;
    if (stable)
        m_failures = 0;
    if (status == 410 || m_relistPending) {
        relist();
        return;
    }
    if (status == 200 && !answer.cut) {
        watch(); // the server ended the watch at timeoutSeconds: carry on from where we are
        return;
    }
    fail(status, answer.error);
}

void Reflector::fail(int status, const QString &message)
{
    if (m_state == State::Listing)
        m_relistPending = true; // a list cut short must be redone whole
    m_lastError = message;
    Q_EMIT failed(status, message);
    if (m_state == State::Stopped)
        return;
    if (status == 403) {
        m_forbidden = true;
        stop(); // not allowed in this scope: retrying will not change that
        return;
    }
    backOff();
}

void Reflector::backOff()
{
    const double base = std::min<double>(
        m_options.backoffMaxMs, m_options.backoffMinMs * std::pow(2.0, std::min(m_failures, 16)));
    ++m_failures;
    // Full jitter in [base/2, base): many clients reconnecting after a server restart spread out.
    const int delay = int(base / 2 + m_random.bounded(base / 2));
    m_retry.start(delay);
    setState(State::BackingOff); // listeners read retryInMs() now
}
