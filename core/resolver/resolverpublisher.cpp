#include "core/resolver/resolverpublisher.h"

#include "core/resolver/resolverinstructions.h"

#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcResolver, "k8shosts.resolver", QtInfoMsg)

ResolverPublisher::ResolverPublisher(Options options, QObject *parent)
    : Publisher(parent)
    , m_options(std::move(options))
    , m_responder(new LocalResponder(this))
{
    m_responder->setTtl(m_options.ttl);
    m_responder->setZone(ResolverZone(m_options.domains, {}));
}

bool ResolverPublisher::start(QString *error)
{
    return m_responder->listen(m_options.listen, error);
}

bool ResolverPublisher::alsoListenOn(const QString &address, QString *error)
{
    const QHostAddress ip(address);
    const quint16 port = endpoints().value(0).port;
    for (const ResponderEndpoint &e : endpoints()) {
        if (e.address == ip)
            return true; // already
    }
    return m_responder->addListener({ip, port}, error);
}

QString ResolverPublisher::target() const
{
    QStringList where;
    for (const ResponderEndpoint &e : m_responder->endpoints())
        where.append(e.toString());
    const QStringList served = domains();
    const QString registered =
        m_registration.registered.isEmpty()
            ? QString()
            : QStringLiteral("; registered: %1").arg(m_registration.registered.join(u", "_qs));
    return QStringLiteral("DNS on %1 for %2%3")
        .arg(where.join(QStringLiteral(", ")),
             served.isEmpty() ? QStringLiteral("no domain yet") : served.join(QStringLiteral(", ")),
             registered);
}

void ResolverPublisher::setRegistration(const Registration &registration)
{
    if (registration.notice == m_registration.notice &&
        registration.registered == m_registration.registered)
        return;
    m_registration = registration;
    Q_EMIT noticeChanged();
}

std::optional<HostEntries> ResolverPublisher::readHeld(QString *error) const
{
    Q_UNUSED(error)
    return HostEntries{};
}

void ResolverPublisher::publish(const HostEntries &entries)
{
    const QStringList before = domains();
    const QStringList domains =
        m_options.domains.isEmpty() ? ResolverZone::wildcardDomains(entries) : m_options.domains;
    ResolverZone zone(domains, entries);
    PublishResult result;
    result.held = zone.served();
    for (const HostEntry &e : zone.outside())
        result.refused.append(
            {e, EntryState::BlockedByPolicy,
             domains.isEmpty()
                 ? QStringLiteral("the local resolver serves no domain: give one with "
                                  "--resolver-domain, or it takes those of wildcard names")
                 : QStringLiteral("%1 is not under the local resolver's domains (%2)")
                       .arg(e.host, domains.join(QStringLiteral(", ")))});
    m_responder->setZone(std::move(zone));
    if (const QStringList now = this->domains(); now != before) {
        qCInfo(lcResolver).noquote()
            << QStringLiteral("local resolver: answering for %1 on %2")
                   .arg(now.isEmpty() ? QStringLiteral("no domain") : now.join(u", "_qs),
                        endpoints().value(0).toString());
        if (m_options.sayHowToRegister && !now.isEmpty())
            qCWarning(lcResolver).noquote()
                << ResolverInstructions::text(endpoints().value(0), now);
        Q_EMIT domainsChanged(now);
    }
    answer(result);
}

void ResolverPublisher::withdraw()
{
    const bool had = !domains().isEmpty();
    m_responder->setZone(ResolverZone(m_options.domains, {}));
    PublishResult result;
    result.operation = PublishResult::Operation::Withdraw;
    result.held = HostEntries{};
    if (had && m_options.domains.isEmpty())
        Q_EMIT domainsChanged({});
    answer(result);
}

// Never from inside the call (the Publisher contract).
void ResolverPublisher::answer(const PublishResult &result)
{
    QTimer::singleShot(0, this, [this, result] { Q_EMIT finished(result); });
}
