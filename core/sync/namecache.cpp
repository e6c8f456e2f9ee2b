#include "core/sync/namecache.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QPointer>

namespace {

void hostInfoLookup(const QString &name, std::function<void(const QStringList &, bool)> done)
{
    QHostInfo::lookupHost(name, [done = std::move(done)](const QHostInfo &info) {
        QStringList addresses;
        for (const QHostAddress &a : info.addresses())
            addresses.append(a.toString());
        done(addresses, info.error() == QHostInfo::NoError && !addresses.isEmpty());
    });
}

} // namespace

NameCache::NameCache(QObject *parent)
    : NameCache(&hostInfoLookup, parent)
{}

NameCache::NameCache(Lookup lookup, QObject *parent)
    : QObject(parent)
    , m_lookup(std::move(lookup))
{}

NameResolution NameCache::resolve(const QString &name)
{
    auto it = m_entries.find(name);
    if (it == m_entries.end()) {
        start(name);
        return {};
    }
    if (!it->inFlight && it->age.isValid() && it->age.elapsed() > m_maxAgeMs)
        start(name);
    return m_entries.value(name).result;
}

void NameCache::start(const QString &name)
{
    Entry &entry = m_entries[name];
    entry.inFlight = true;
    QPointer<NameCache> self(this);
    m_lookup(name, [self, name](const QStringList &addresses, bool ok) {
        if (!self || !self->m_entries.contains(name))
            return; // forgotten meanwhile
        Entry &e = self->m_entries[name];
        const NameResolution before = e.result;
        e.inFlight = false;
        e.age.start();
        e.result = ok ? NameResolution{NameResolution::Resolved, addresses}
                      : NameResolution{NameResolution::Failed, {}};
        if (e.result.status != before.status || e.result.addresses != before.addresses)
            Q_EMIT self->resolved(name);
    });
}

void NameCache::retain(const QSet<QString> &names)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (names.contains(it.key()))
            ++it;
        else
            it = m_entries.erase(it);
    }
}
