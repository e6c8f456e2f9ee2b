#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class ApiClient;
class QNetworkReply;

// Which version of each wanted resource an API server serves, found the way kubectl finds
// it: a group's document names the versions it serves, each version's document its
// resources. A group or version the server does not have (404, or 403 to a user who may not
// read it) is an answer: the resource is not served. A 401 or any other failure leaves the
// answer open (failed()).
class ApiDiscovery : public QObject
{
    Q_OBJECT
public:
    struct Resource
    {
        QString group; // not the core group: /api/v1 is always there
        QString plural;
        QStringList versions; // the ones we can read, preferred first
    };

    ApiDiscovery(ApiClient *client, QList<Resource> wanted, int timeoutMs,
                 QObject *parent = nullptr);
    ~ApiDiscovery() override; // requests still out are abandoned

    // Once per object.
    void start();

    // After finished(), when not failed(): "/apis/<group>/<version>" of a served resource,
    // empty when the server does not serve it in a version we read.
    QString pathOf(const QString &group, const QString &plural) const;
    bool failed() const { return !m_error.isEmpty() || m_unauthorized; }
    bool unauthorized() const { return m_unauthorized; }
    QString error() const { return m_error; }

Q_SIGNALS:
    void finished();

private:
    void get(const QString &path, std::function<void(const QByteArray &body)> onFound);
    void onGroup(const QString &group, const QByteArray &body);
    void decide();
    void done();

    ApiClient *m_client;
    QList<Resource> m_wanted;
    int m_timeoutMs;
    int m_pending = 0;
    QList<QPointer<QNetworkReply>> m_replies;
    QHash<QString, QStringList> m_versionResources; // "/apis/g/v" → plurals
    QHash<QString, QString> m_paths;                // "group/plural" → "/apis/g/v"
    bool m_unauthorized = false;
    QString m_error;
};
