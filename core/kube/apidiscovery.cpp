#include "core/kube/apidiscovery.h"

#include "core/kube/apiclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QSet>

namespace {

QString groupPath(const QString &group)
{
    return QStringLiteral("/apis/") + group;
}

QString key(const QString &group, const QString &plural)
{
    return group + u'/' + plural;
}

} // namespace

ApiDiscovery::ApiDiscovery(ApiClient *client, QList<Resource> wanted, int timeoutMs,
                           QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_wanted(std::move(wanted))
    , m_timeoutMs(timeoutMs)
{}

ApiDiscovery::~ApiDiscovery()
{
    for (const QPointer<QNetworkReply> &reply : std::as_const(m_replies)) {
        if (reply) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
}

void ApiDiscovery::start()
{
    QSet<QString> groups;
    for (const Resource &r : std::as_const(m_wanted))
        groups.insert(r.group);
    // Counted before any request goes out: a reply can never finish the round early.
    m_pending = int(groups.size()) + 1;
    for (const QString &group : std::as_const(groups))
        get(groupPath(group), [this, group](const QByteArray &body) { onGroup(group, body); });
    done();
}

// One request; onFound runs for a 200. Each reply ends with done().
void ApiDiscovery::get(const QString &path, std::function<void(const QByteArray &)> onFound)
{
    QNetworkReply *reply = m_client->get(path, {}, m_timeoutMs);
    m_replies.append(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, onFound = std::move(onFound)] {
        const ApiClient::Answer answer = ApiClient::take(reply);
        if (answer.status == 200 && !answer.cut) {
            onFound(answer.body);
        } else if (answer.status == 401) {
            m_unauthorized = true;
        } else if (answer.status != 404 && answer.status != 403 && m_error.isEmpty()) {
            m_error = answer.error;
        }
        done();
    });
}

// The group serves these versions: read the documents of the ones we would use.
void ApiDiscovery::onGroup(const QString &group, const QByteArray &body)
{
    QStringList served;
    for (const QJsonValue &v : QJsonDocument::fromJson(body).object().value(u"versions").toArray())
        served.append(v.toObject().value(u"version").toString());
    QStringList needed;
    for (const Resource &r : std::as_const(m_wanted)) {
        for (const QString &version : r.versions) {
            if (r.group == group && served.contains(version) && !needed.contains(version))
                needed.append(version);
        }
    }
    m_pending += int(needed.size());
    for (const QString &version : std::as_const(needed)) {
        const QString path = groupPath(group) + u'/' + version;
        get(path, [this, path](const QByteArray &document) {
            QStringList plurals;
            for (const QJsonValue &r :
                 QJsonDocument::fromJson(document).object().value(u"resources").toArray())
                plurals.append(r.toObject().value(u"name").toString());
            m_versionResources.insert(path, plurals);
        });
    }
}

void ApiDiscovery::done()
{
    if (--m_pending > 0)
        return;
    decide();
    Q_EMIT finished();
}

void ApiDiscovery::decide()
{
    for (const Resource &r : std::as_const(m_wanted)) {
        for (const QString &version : r.versions) {
            const QString path = groupPath(r.group) + u'/' + version;
            if (m_versionResources.value(path).contains(r.plural)) {
                m_paths.insert(key(r.group, r.plural), path);
                break;
            }
        }
    }
}

QString ApiDiscovery::pathOf(const QString &group, const QString &plural) const
{
    return m_paths.value(key(group, plural));
}
