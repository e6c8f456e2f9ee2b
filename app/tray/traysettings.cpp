#include "app/tray/traysettings.h"

#include "core/hosts/hostsblock.h"

#include <QSettings>

#include <algorithm>

namespace {
const QString contextsKey = QStringLiteral("contexts");
}

TraySettings::TraySettings(QSettings *settings)
    : m_settings(settings)
{}

bool TraySettings::hasContexts() const
{
    return m_settings->contains(contextsKey + QStringLiteral("/size"));
}

// An array rather than one group per context: context names may hold '/' (EKS ARNs).
QHash<QString, TraySettings::Context> TraySettings::contexts() const
{
    QHash<QString, Context> out;
    const int n = m_settings->beginReadArray(contextsKey);
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        const QString name = m_settings->value(QStringLiteral("name")).toString();
        if (name.isEmpty())
            continue;
        Context c;
        c.enabled = m_settings->value(QStringLiteral("enabled"), false).toBool();
        c.namespaces.all = m_settings->value(QStringLiteral("allNamespaces"), true).toBool();
        c.namespaces.names = m_settings->value(QStringLiteral("namespaces")).toStringList();
        c.addressOverride = m_settings->value(QStringLiteral("addressOverride")).toString();
        out.insert(name, c);
    }
    m_settings->endArray();
    return out;
}

void TraySettings::setContext(const QString &name, const Context &context)
{
    QHash<QString, Context> all = contexts();
    if (all.contains(name) && all.value(name) == context)
        return;
    all.insert(name, context);
    writeContexts(all);
}

void TraySettings::writeContexts(const QHash<QString, Context> &contexts)
{
    QStringList names = contexts.keys();
    std::sort(names.begin(), names.end());
    m_settings->remove(contextsKey);
    m_settings->beginWriteArray(contextsKey, int(names.size()));
    for (int i = 0; i < names.size(); ++i) {
        const Context &c = contexts[names[i]];
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("name"), names[i]);
        m_settings->setValue(QStringLiteral("enabled"), c.enabled);
        m_settings->setValue(QStringLiteral("allNamespaces"), c.namespaces.all);
        m_settings->setValue(QStringLiteral("namespaces"), c.namespaces.names);
        m_settings->setValue(QStringLiteral("addressOverride"), c.addressOverride);
    }
    m_settings->endArray();
}

Sources TraySettings::sources() const
{
    Sources sources;
    const QString text = m_settings->value(QStringLiteral("sync/sources")).toString();
    if (text.isEmpty() || !parseSources(text, &sources, nullptr))
        return allSources();
    return sources;
}

void TraySettings::setSources(Sources sources)
{
    m_settings->setValue(QStringLiteral("sync/sources"), sourcesToString(sources));
}

QString TraySettings::marker() const
{
    const QString marker = m_settings->value(QStringLiteral("sync/marker")).toString();
    return HostsBlock::isValidMarker(marker) ? marker : HostsBlock::defaultMarker();
}

void TraySettings::setMarker(const QString &marker)
{
    m_settings->setValue(QStringLiteral("sync/marker"), marker);
}

bool TraySettings::keepEntriesAfterQuit() const
{
    return m_settings->value(QStringLiteral("sync/keepEntriesAfterQuit"), false).toBool();
}

void TraySettings::setKeepEntriesAfterQuit(bool keep)
{
    m_settings->setValue(QStringLiteral("sync/keepEntriesAfterQuit"), keep);
}

NotificationLevel TraySettings::notifications() const
{
    const QString level = m_settings->value(QStringLiteral("ui/notify")).toString();
    if (level == u"everything")
        return NotificationLevel::Everything;
    if (level == u"off")
        return NotificationLevel::Off;
    if (level.isEmpty() && !m_settings->value(QStringLiteral("ui/notifications"), true).toBool())
        return NotificationLevel::Off; // switched off before there were levels
    return NotificationLevel::Problems;
}

void TraySettings::setNotifications(NotificationLevel level)
{
    m_settings->setValue(QStringLiteral("ui/notify"),
                         level == NotificationLevel::Everything ? QStringLiteral("everything")
                         : level == NotificationLevel::Off      ? QStringLiteral("off")
                                                                : QStringLiteral("problems"));
    m_settings->remove(QStringLiteral("ui/notifications"));
}

bool TraySettings::publishMdns() const
{
    return m_settings->value(QStringLiteral("publish/mdns"), false).toBool();
}

void TraySettings::setPublishMdns(bool on)
{
    m_settings->setValue(QStringLiteral("publish/mdns"), on);
}

QString TraySettings::hostsFile() const
{
    return m_settings->value(QStringLiteral("hosts/file")).toString();
}

void TraySettings::setHostsFile(const QString &path)
{
    if (path.isEmpty())
        m_settings->remove(QStringLiteral("hosts/file"));
    else
        m_settings->setValue(QStringLiteral("hosts/file"), path);
}

TrayResolver TraySettings::resolver() const
{
    TrayResolver r;
    m_settings->beginGroup(QStringLiteral("publish/resolver"));
    r.enabled = m_settings->value(QStringLiteral("enabled"), false).toBool();
    r.domains = m_settings->value(QStringLiteral("domains")).toStringList();
    const uint port = m_settings->value(QStringLiteral("port"), TrayResolver::defaultPort).toUInt();
    m_settings->endGroup();
    r.domains.removeAll(QString());
    r.port = port > 0 && port <= 65535 ? quint16(port) : TrayResolver::defaultPort;
    return r;
}

void TraySettings::setResolver(const TrayResolver &resolver)
{
    m_settings->beginGroup(QStringLiteral("publish/resolver"));
    m_settings->setValue(QStringLiteral("enabled"), resolver.enabled);
    m_settings->setValue(QStringLiteral("domains"), resolver.domains);
    m_settings->setValue(QStringLiteral("port"), resolver.port);
    m_settings->endGroup();
}

TrayDnsZone TraySettings::dnsZone() const
{
    TrayDnsZone z;
    m_settings->beginGroup(QStringLiteral("publish/dns"));
    z.enabled = m_settings->value(QStringLiteral("enabled"), false).toBool();
    z.server = m_settings->value(QStringLiteral("server")).toString();
    z.zone = m_settings->value(QStringLiteral("zone")).toString();
    z.ttl = m_settings->value(QStringLiteral("ttl"), 60).toUInt();
    z.owner = m_settings->value(QStringLiteral("owner")).toString();
    z.keyName = m_settings->value(QStringLiteral("keyName")).toString();
    z.keyAlgorithm = m_settings->value(QStringLiteral("keyAlgorithm")).toString();
    m_settings->endGroup();
    if (z.ttl == 0 || z.ttl > 86400)
        z.ttl = 60;
    return z;
}

void TraySettings::setDnsZone(const TrayDnsZone &zone)
{
    m_settings->beginGroup(QStringLiteral("publish/dns"));
    m_settings->setValue(QStringLiteral("enabled"), zone.enabled);
    m_settings->setValue(QStringLiteral("server"), zone.server);
    m_settings->setValue(QStringLiteral("zone"), zone.zone);
    m_settings->setValue(QStringLiteral("ttl"), zone.ttl);
    m_settings->setValue(QStringLiteral("owner"), zone.owner);
    m_settings->setValue(QStringLiteral("keyName"), zone.keyName);
    m_settings->setValue(QStringLiteral("keyAlgorithm"), zone.keyAlgorithm);
    m_settings->endGroup();
}

QByteArray TraySettings::windowState(const QString &key) const
{
    return m_settings->value(QStringLiteral("window/") + key).toByteArray();
}

void TraySettings::setWindowState(const QString &key, const QByteArray &state)
{
    m_settings->setValue(QStringLiteral("window/") + key, state);
}

void TraySettings::sync()
{
    m_settings->sync();
}
