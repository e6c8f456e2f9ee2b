#pragma once

#include "core/mapping/desiredhosts.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <functional>

// Looks up load balancers' DNS names (clouds report ELB names, not addresses) without
// blocking: the first ask answers Pending and starts a lookup; resolved() says when to ask
// again. Answers older than maxAge are looked up afresh on the next ask while the old answer
// is still served, so a load balancer that moves is followed without any timer running.
class NameCache : public QObject
{
    Q_OBJECT
public:
    // Starts a lookup and calls done(addresses, ok) later, never from inside the call.
    using Lookup = std::function<void(
        const QString &name, std::function<void(const QStringList &addresses, bool ok)> done)>;

    explicit NameCache(QObject *parent = nullptr); // QHostInfo
    NameCache(Lookup lookup, QObject *parent = nullptr);

    NameResolution resolve(const QString &name);
    // Forget names no mapping uses any more.
    void retain(const QSet<QString> &names);
    void setMaxAgeMs(qint64 ms) { m_maxAgeMs = ms; }

Q_SIGNALS:
    void resolved(const QString &name);

private:
    struct Entry
    {
        NameResolution result;
        QElapsedTimer age;
        bool inFlight = false;
    };
    void start(const QString &name);

    Lookup m_lookup;
    QHash<QString, Entry> m_entries;
    qint64 m_maxAgeMs = 5 * 60 * 1000;
};
