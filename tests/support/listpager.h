#pragma once

#include "tests/support/fakecluster.h"
#include "tests/support/objectfilter.h"

#include <QByteArray>
#include <QList>

#include <deque>

// Paged LIST the way the API server does it: the first page of a limited list pins a
// consistent snapshot at the current resourceVersion; every later page comes from that
// snapshot through an opaque continue token, and reports the same resourceVersion. A token
// whose snapshot is gone (evicted, compacted, or expired on purpose) gets 410 Expired.
class ListPager
{
public:
    explicit ListPager(const FakeCluster &cluster);

    struct Result
    {
        int errorCode = 0; // an HTTP status when the request fails
        QString errorMessage;
        QList<StoredObjectPtr> items;
        quint64 resourceVersion = 0;
        QString continueToken;
        qint64 remainingItemCount = -1; // -1: not reported
    };

    // limit <= 0 means everything at once.
    Result list(ResourceKind kind, const ObjectFilter &filter, qint64 limit,
                const QString &continueToken);
    // Every continue token handed out so far now gets 410 Expired.
    void expireTokens();
    qsizetype openSnapshots() const { return qsizetype(m_snapshots.size()); }

    // The body of a list response: {"kind":"<Kind>List","apiVersion":..,"metadata":..,"items":[..]}
    static QByteArray render(const ResourceType &type, const Result &page);

private:
    struct Snapshot
    {
        quint64 id = 0;
        quint64 resourceVersion = 0;
        ResourceKind kind = ResourceKind::Namespace;
        QList<StoredObjectPtr> items;
    };

    Result page(const Snapshot &snapshot, qint64 offset, qint64 limit);
    QString makeToken(const Snapshot &snapshot, qint64 offset, const QString &startKey) const;

    const FakeCluster &m_cluster;
    std::deque<Snapshot> m_snapshots; // most recent last; a few are kept
    quint64 m_nextSnapshotId = 1;
};
