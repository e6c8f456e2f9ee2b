#include "core/sink/resolverregistration.h"

#include "core/log/logevent.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRegistration, "k8shosts.resolver.registration", QtInfoMsg)

namespace {

LogFields fields(const QString &event, const QString &domain, const QString &reason)
{
    LogFields f;
    f.event = event;
    f.host = domain;
    f.reason = reason;
    f.publisher = QStringLiteral("local resolver");
    return f;
}

void logNotRegistered(const QString &domain, const QString &error)
{
    logEvent(lcRegistration(), QtWarningMsg,
             QStringLiteral("local resolver: %1 is not registered with the system: %2")
                 .arg(domain, error),
             fields(QStringLiteral("resolver-not-registered"), domain, error));
}

} // namespace

ResolverRegistration::ResolverRegistration(std::unique_ptr<ResolverRegistrar> registrar,
                                           QString address, quint16 port, QObject *parent)
    : QObject(parent)
    , m_registrar(registrar.release())
    , m_address(std::move(address))
    , m_port(port)
{
    m_registrar->setParent(this);
    connect(m_registrar, &ResolverRegistrar::leasesLost, this, &ResolverRegistration::leasesLost);
}

void ResolverRegistration::setDomains(const QStringList &domains)
{
    for (auto it = m_domains.begin(); it != m_domains.end(); ++it)
        it->wanted = domains.contains(it.key());
    for (const QString &domain : domains)
        m_domains[domain].wanted = true;
    sendNext();
    Q_EMIT changed();
}

void ResolverRegistration::retry()
{
    for (Domain &d : m_domains)
        d.error.clear();
    sendNext();
    Q_EMIT changed();
}

// One call at a time, in name order: a domain wanted and not registered is registered; one
// registered and no longer wanted is unregistered. A failed registration is not retried
// until the domains change or retry() (the reason says what to do): asking again on its own
// would prompt for a password again and again.
void ResolverRegistration::sendNext()
{
    if (m_inFlight)
        return;
    if (const QString why = m_registrar->unreachable(); !why.isEmpty()) {
        // Said now, not after a round trip: a short run must still say it.
        for (auto it = m_domains.begin(); it != m_domains.end(); ++it) {
            if (!it->wanted || it->registered || !it->error.isEmpty())
                continue;
            it->error = why;
            logNotRegistered(it.key(), why);
        }
        return;
    }
    QStringList names = m_domains.keys();
    names.sort();
    for (const QString &domain : std::as_const(names)) {
        const Domain &d = m_domains.value(domain);
        const bool registering = d.wanted && !d.registered && d.error.isEmpty();
        const bool unregistering = !d.wanted && d.registered;
        if (!registering && !unregistering) {
            if (!d.wanted)
                m_domains.remove(domain);
            continue;
        }
        m_inFlight = true;
        auto reply = [this, domain, registering,
                      generation = m_generation](const ResolverRegistrar::Answer &answer) {
            m_inFlight = false;
            if (generation == m_generation)
                handleAnswer(answer, domain, registering);
            sendNext();
        };
        if (registering)
            m_registrar->registerDomain(domain, m_address, m_port, reply);
        else
            m_registrar->unregisterDomain(domain, reply);
        return;
    }
}

void ResolverRegistration::handleAnswer(const ResolverRegistrar::Answer &answer,
                                        const QString &domain, bool registering)
{
    Domain &d = m_domains[domain];
    if (!registering) {
        // Whatever the answer, the lease ends with us; the helper keeps nothing of ours.
        d.registered = false;
        d.how.clear();
        logEvent(lcRegistration(), QtInfoMsg,
                 QStringLiteral("local resolver: %1 is no longer registered").arg(domain),
                 fields(QStringLiteral("resolver-unregistered"), domain, {}));
    } else if (answer.error.isEmpty()) {
        d.registered = true;
        d.error.clear();
        d.how = answer.how;
        if (!answer.listenAddress.isEmpty())
            Q_EMIT listenRequested(answer.listenAddress);
        logEvent(lcRegistration(), QtInfoMsg,
                 QStringLiteral("local resolver: %1 is registered with the system (%2)")
                     .arg(domain, d.how),
                 fields(QStringLiteral("resolver-registered"), domain, {}));
    } else {
        d.error = answer.error;
        logNotRegistered(domain, d.error);
    }
    Q_EMIT changed();
}

void ResolverRegistration::leasesLost()
{
    // The helper restarted: what it held for us is gone. An answer still on its way is about
    // the old helper and is ignored; what was registered is asked for again. A domain that
    // failed keeps its reason until the user retries (asking may prompt for a password).
    ++m_generation;
    for (auto it = m_domains.begin(); it != m_domains.end(); ++it) {
        if (!it->registered)
            continue;
        if (it->wanted)
            logEvent(lcRegistration(), QtInfoMsg,
                     QStringLiteral("local resolver: the helper restarted; registering %1 again")
                         .arg(it.key()),
                     fields(QStringLiteral("resolver-reregistering"), it.key(), {}));
        it->registered = false;
        it->how.clear();
    }
    sendNext();
    Q_EMIT changed();
}

void ResolverRegistration::setListenError(const QString &error)
{
    m_listenError = error;
    Q_EMIT changed();
}

QString ResolverRegistration::notice() const
{
    QStringList failures;
    for (auto it = m_domains.cbegin(); it != m_domains.cend(); ++it) {
        if (it->wanted && !it->error.isEmpty())
            failures.append(QStringLiteral("%1: %2").arg(it.key(), it->error));
    }
    failures.sort();
    if (!m_listenError.isEmpty())
        failures.append(m_listenError);
    if (failures.isEmpty())
        return {};
    return QStringLiteral("not registered with the system (the responder answers, but the "
                          "system does not ask it) — %1")
        .arg(failures.join(QStringLiteral("; ")));
}

QStringList ResolverRegistration::registered() const
{
    QStringList out;
    for (auto it = m_domains.cbegin(); it != m_domains.cend(); ++it) {
        if (it->wanted && it->registered)
            out.append(QStringLiteral("%1 (%2)").arg(it.key(), it->how));
    }
    out.sort();
    return out;
}
