#pragma once

#include "app/tray/traypreferences.h"
#include "core/sync/publishchannel.h"

#include <QObject>
#include <QPointer>

class SyncEngine;

// The publishers Preferences add beside the hosts file — .local names on mDNS, a team's DNS
// zone and the local resolver for wildcard names — kept in the engine as the settings say: added at
// start and when switched on, withdrawn and removed when switched off or changed. The zone's TSIG
// secret is saved to and read from the keychain, never the settings; what fails is said
// (problem()), never skipped in silence.
class PublishTargets : public QObject
{
    Q_OBJECT
public:
    PublishTargets(SyncEngine *engine, QString marker, bool useKeychain, QObject *parent = nullptr);

    // What p asks for (publishMdns, dns, resolver); p.newKeySecret: a key just imported
    // (saved to the keychain, and used).
    void apply(const TrayPreferences &p);

    PublishChannel *mdnsChannel() const { return m_mdns; }
    PublishChannel *resolverChannel() const { return m_resolverChannel; }
    PublishChannel *zoneChannel() const { return m_zoneChannel; }

Q_SIGNALS:
    void problem(const QString &message);

private:
    void setMdns(bool on);
    void setZone(const TrayDnsZone &zone, const QByteArray &newSecret);
    void setResolver(const TrayResolver &resolver);
    void startZone(const TrayDnsZone &zone, const QByteArray &secret);

    SyncEngine *m_engine;
    QString m_marker;
    bool m_useKeychain;
    QPointer<PublishChannel> m_mdns;
    QPointer<PublishChannel> m_zoneChannel;
    QPointer<PublishChannel> m_resolverChannel;
    TrayResolver m_resolver;
    TrayDnsZone m_zone;
    bool m_zoneApplied = false;
    int m_generation = 0; // a keychain answer for an older zone is dropped
};
