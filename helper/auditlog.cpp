#include "helper/auditlog.h"

#include "core/hosts/namepolicy.h"
#include "helper/helperlog.h"

#include <QSet>

#include <algorithm>
#include <syslog.h>

namespace {

// Host names are validated before they get here, so they cannot break the line; a long
// list is shortened so one request cannot flood the log.
QString hostList(const QSet<QString> &hosts)
{
    constexpr qsizetype shown = 20;
    if (hosts.isEmpty())
        return QStringLiteral("-");
    QStringList sorted(hosts.cbegin(), hosts.cend());
    std::sort(sorted.begin(), sorted.end());
    QString text = sorted.mid(0, shown).join(u',');
    if (sorted.size() > shown)
        text += QStringLiteral(",(%1 more)").arg(sorted.size() - shown);
    return text;
}

QSet<QString> hostsOf(const HostEntries &entries)
{
    QSet<QString> hosts;
    for (const HostEntry &entry : entries)
        hosts.insert(entry.host);
    return hosts;
}

} // namespace

AuditLog::AuditLog()
    : m_journal(!qEnvironmentVariableIsEmpty("JOURNAL_STREAM"))
{
    if (!m_journal)
        ::openlog("k8s-hosts-helper", LOG_PID, LOG_AUTHPRIV);
}

AuditLog::~AuditLog()
{
    if (!m_journal)
        ::closelog();
}

void AuditLog::hostsChanged(uint uid, const QString &marker, const HostEntries &before,
                            const HostEntries &after, const QString &cause)
{
    const QSet<QString> old = hostsOf(before);
    const QSet<QString> now = hostsOf(after);
    write(QStringLiteral("uid=%1 marker=%2 added=%3 removed=%4 cause=%5")
              .arg(uid)
              .arg(marker, hostList(now - old), hostList(old - now), cause));
}

void AuditLog::policyChanged(uint uid, const NamePolicy &policy)
{
    const QStringList domains = policy.extraDomains();
    write(QStringLiteral("uid=%1 policy allow-domain=%2 allow-public-ips=%3")
              .arg(uid)
              .arg(domains.isEmpty() ? QStringLiteral("-") : domains.join(u','),
                   policy.allowsPublicAddresses() ? QStringLiteral("true")
                                                  : QStringLiteral("false")));
}

void AuditLog::helperRemoved(uint uid, const QString &executable)
{
    write(QStringLiteral("uid=%1 removed-helper=%2").arg(uid).arg(executable));
}

void AuditLog::write(const QString &line)
{
    if (!m_journal)
        ::syslog(LOG_NOTICE, "%s", line.toUtf8().constData());
    qCInfo(lcHelper).noquote() << "audit:" << line;
}
