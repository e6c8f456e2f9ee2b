#include "app/tray/publishtargets.h"

#include "core/kube/secretjob.h"
#include "core/sync/publishchannel.h"
#include "core/sync/publishersetup.h"
#include "core/sync/syncengine.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcTargets, "k8shosts.tray", QtInfoMsg)

namespace {

const QString keychainService = QStringLiteral("k8s-hosts");

} // namespace

PublishTargets::PublishTargets(SyncEngine *engine, QString marker, bool useKeychain,
                               QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_marker(std::move(marker))
    , m_useKeychain(useKeychain)
{}

void PublishTargets::apply(const TrayPreferences &p)
{
    setMdns(p.publishMdns);
    setZone(p.dns, p.newKeySecret);
    setResolver(p.resolver);
}

void PublishTargets::setResolver(const TrayResolver &resolver)
{
    if (resolver == m_resolver && (m_resolverChannel || !resolver.enabled))
        return;
    m_resolver = resolver;
    if (m_resolverChannel) {
        m_engine->removePublisher(m_resolverChannel); // its port is closed with it
        m_resolverChannel = nullptr;
    }
    if (!resolver.enabled)
        return;
    ResolverOptions options;
    options.domains = resolver.domains;
    for (const QString &address : ResolverOptions::defaultListen())
        options.listen.append({QHostAddress(address), resolver.port});
    QString error;
    Publisher *publisher = PublisherSetup::resolverPublisher(options, true, &error);
    if (!publisher) {
        Q_EMIT problem(
            QStringLiteral("The local resolver is off: %1; choose another port in Preferences")
                .arg(error));
        return;
    }
    m_resolverChannel = m_engine->addPublisher(publisher);
}

void PublishTargets::setMdns(bool on)
{
    if (on && !m_mdns) {
        QString error;
        if (Publisher *publisher = PublisherSetup::mdnsPublisher(&error))
            m_mdns = m_engine->addPublisher(publisher);
        else
            Q_EMIT problem(error);
    } else if (!on && m_mdns) {
        m_engine->removePublisher(m_mdns);
        m_mdns = nullptr;
    }
}

void PublishTargets::setZone(const TrayDnsZone &zone, const QByteArray &newSecret)
{
    if (m_zoneApplied && zone == m_zone && newSecret.isEmpty())
        return;
    m_zoneApplied = true;
    m_zone = zone;
    const int generation = ++m_generation;
    if (m_zoneChannel) {
        m_engine->removePublisher(m_zoneChannel); // our names leave the old zone first
        m_zoneChannel = nullptr;
    }
    if (!zone.enabled)
        return;
    if (zone.keyName.isEmpty())
        return startZone(zone, {});
    const auto job = [this](SecretJob::Operation operation, const TrayDnsZone &z,
                            const QByteArray &secret) {
        auto *j = new SecretJob(operation, keychainService, z.secretKey(), secret, this);
        j->setBackendKnownMissing(!m_useKeychain);
        return j;
    };
    if (!newSecret.isEmpty()) {
        SecretJob *write = job(SecretJob::Operation::Write, zone, newSecret);
        connect(
            write, &SecretJob::finished, this, [this, zone, newSecret, generation](SecretJob *j) {
                if (j->error() != SecretJob::Error::None)
                    Q_EMIT problem(QStringLiteral("DNS zone: the key %1 could not be kept in the "
                                                  "keychain (%2); it is used until K8s Hosts quits")
                                       .arg(zone.keyName, j->errorString()));
                if (generation == m_generation)
                    startZone(zone, newSecret);
            });
        write->start();
        return;
    }
    SecretJob *read = job(SecretJob::Operation::Read, zone, {});
    connect(read, &SecretJob::finished, this, [this, zone, generation](SecretJob *j) {
        if (generation != m_generation)
            return;
        if (j->error() != SecretJob::Error::None) {
            Q_EMIT problem(QStringLiteral("DNS zone %1 is not published: its key %2 is not in the "
                                          "keychain (%3); import the key file again in "
                                          "Preferences")
                               .arg(zone.zone, zone.keyName, j->errorString()));
            return;
        }
        startZone(zone, j->secret());
    });
    read->start();
}

void PublishTargets::startZone(const TrayDnsZone &zone, const QByteArray &secret)
{
    DnsZoneOptions options;
    options.server = zone.server;
    options.zone = zone.zone;
    options.ttl = zone.ttl;
    options.owner = zone.owner;
    if (!zone.keyName.isEmpty())
        options.key = TsigKey{zone.keyName, zone.keyAlgorithm, secret};
    QString error;
    QStringList warnings;
    Publisher *publisher = PublisherSetup::dnsPublisher(options, m_marker, &error, &warnings);
    for (const QString &warning : std::as_const(warnings))
        qCWarning(lcTargets).noquote() << warning;
    if (!publisher) {
        Q_EMIT problem(QStringLiteral("DNS zone %1 is not published: %2").arg(zone.zone, error));
        return;
    }
    m_zoneChannel = m_engine->addPublisher(publisher);
}
