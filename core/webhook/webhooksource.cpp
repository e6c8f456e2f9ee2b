#include "core/webhook/webhooksource.h"

#include "core/log/logevent.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>

Q_LOGGING_CATEGORY(lcWebhook, "k8shosts.webhook", QtInfoMsg)

WebhookSource::WebhookSource(const QString &listener, QString stateFile, WebhookDomainFilter filter,
                             QObject *parent)
    : MappingSource(parent)
    , m_name(u"external-dns@"_qs + listener)
    , m_stateFile(std::move(stateFile))
    , m_filter(std::move(filter))
{}

ObjectMappings WebhookSource::mappingsByObject() const
{
    return m_store.allMappings(m_name, m_filter);
}

void WebhookSource::load()
{
    QFile file(m_stateFile);
    if (!file.exists())
        return;
    QString error;
    std::optional<WebhookStore> store;
    if (file.open(QIODevice::ReadOnly))
        store = WebhookStore::fromJson(file.readAll(), &error);
    else
        error = file.errorString();
    if (!store) {
        logEvent(lcWebhook(), QtWarningMsg,
                 u"%1: cannot read the stored records in %2 (%3); starting without them, "
                 "ExternalDNS sends them again on its next sync"_qs.arg(m_name, m_stateFile, error),
                 {u"webhook-state"_qs, {}, {}, {}, m_name, error, {}});
        return;
    }
    m_store = std::move(*store);
    logEvent(lcWebhook(), QtInfoMsg,
             u"%1: %2 stored records from %3"_qs.arg(m_name).arg(m_store.size()).arg(m_stateFile),
             {u"webhook-loaded"_qs, {}, {}, {}, m_name, {}, {}});
}

void WebhookSource::noteCall(const QString &caller, const QString &what, int status)
{
    m_lastCall = Call{QDateTime::currentDateTime(), caller, what, status};
    Q_EMIT called();
}

bool WebhookSource::apply(const WebhookChanges &changes, const QString &caller, QString *error)
{
    WebhookStore next = m_store;
    const WebhookStore::Applied applied =
        next.apply(changes, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (applied.changes.isEmpty() && applied.hosts.isEmpty())
        return true;
    QDir().mkpath(QFileInfo(m_stateFile).absolutePath());
    QSaveFile file(m_stateFile); // atomic: the old file stays whole until the new one is
    if (!file.open(QIODevice::WriteOnly) || file.write(next.toJson()) < 0 || !file.commit()) {
        *error = u"cannot store the records in %1: %2"_qs.arg(m_stateFile, file.errorString());
        logEvent(lcWebhook(), QtWarningMsg,
                 u"%1: %2 (changes from %3 not applied)"_qs.arg(m_name, *error, caller),
                 {u"webhook-failed"_qs, {}, {}, {}, m_name, *error, {}});
        return false;
    }
    m_store = std::move(next);
    for (const WebhookStore::Change &c : applied.changes) {
        const QString targets = untrusted(c.endpoint.targets.join(u' '));
        logEvent(lcWebhook(), QtInfoMsg,
                 u"%1: %2 %3 %4 %5 %6"_qs.arg(m_name, caller, c.action,
                                              untrusted(c.endpoint.dnsName),
                                              untrusted(c.endpoint.recordType), targets),
                 {u"webhook-"_qs + c.action,
                  untrusted(c.endpoint.host()),
                  targets,
                  m_name,
                  m_name,
                  u"from "_qs + caller,
                  {}});
    }
    Q_EMIT mappingsChanged(m_store.mappings(applied.hosts, m_name, m_filter));
    return true;
}
