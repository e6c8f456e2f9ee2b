#include "tests/support/listpager.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype KeptSnapshots = 16;

const QString ExpiredMessage =
    u"The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter, or use the continue token in this "
    "response to retrieve the remainder of the results. Continuing with the provided token "
    "results in an inconsistent list - objects that were created, modified, or deleted between "
    "the time the first chunk was returned and now may show up in the list."_s;

} // namespace

ListPager::ListPager(const FakeCluster &cluster)
    : m_cluster(cluster)
{}

ListPager::Result ListPager::list(ResourceKind kind, const ObjectFilter &filter, qint64 limit,
                                  const QString &continueToken)
{
    if (!continueToken.isEmpty()) {
        const QJsonObject token =
            QJsonDocument::fromJson(
                QByteArray::fromBase64(continueToken.toLatin1(), QByteArray::Base64UrlEncoding))
                .object();
        const quint64 id = token.value(u"snapshot").toString().toULongLong();
        const qint64 offset = token.value(u"offset").toInteger(-1);
        if (id == 0 || offset < 0) {
            Result bad;
            bad.errorCode = 400;
            bad.errorMessage = u"continue key is not valid: the token is malformed"_s;
            return bad;
        }
        for (const Snapshot &snapshot : m_snapshots) {
            if (snapshot.id == id && snapshot.kind == kind &&
                snapshot.resourceVersion >= m_cluster.compactedResourceVersion())
                return page(snapshot, offset, limit);
        }
        Result expired;
        expired.errorCode = 410;
        expired.errorMessage = ExpiredMessage;
        return expired;
    }

    Snapshot snapshot;
    snapshot.kind = kind;
    snapshot.resourceVersion = m_cluster.resourceVersion();
    const FakeCluster::Objects &objects = m_cluster.store(kind);
    auto it = objects.begin();
    if (!filter.namespaceName().isEmpty())
        it = objects.lower_bound(filter.namespaceName() + u'/');
    for (; it != objects.end(); ++it) {
        const StoredObject &object = *it->second;
        if (!filter.namespaceName().isEmpty() && object.namespaceName != filter.namespaceName())
            break;
        if (filter.matches(object))
            snapshot.items.append(it->second);
    }
    if (limit <= 0 || snapshot.items.size() <= limit)
        return page(snapshot, 0, limit);

    snapshot.id = m_nextSnapshotId++;
    m_snapshots.push_back(std::move(snapshot));
    while (qsizetype(m_snapshots.size()) > KeptSnapshots)
        m_snapshots.pop_front();
    return page(m_snapshots.back(), 0, limit);
}

ListPager::Result ListPager::page(const Snapshot &snapshot, qint64 offset, qint64 limit)
{
    Result result;
    result.resourceVersion = snapshot.resourceVersion;
    const qint64 total = snapshot.items.size();
    const qint64 begin = std::min(offset, total);
    const qint64 end = limit <= 0 ? total : std::min(total, begin + limit);
    result.items = snapshot.items.mid(begin, end - begin);
    if (end < total) {
        result.continueToken = makeToken(snapshot, end, snapshot.items.at(end)->key());
        result.remainingItemCount = total - end;
    } else if (snapshot.id != 0) {
        // The last page: the snapshot is no longer needed.
        const quint64 id = snapshot.id;
        std::erase_if(m_snapshots, [id](const Snapshot &kept) { return kept.id == id; });
    }
    return result;
}

QString ListPager::makeToken(const Snapshot &snapshot, qint64 offset, const QString &startKey) const
{
    const QJsonObject token{
        {u"v"_s, u"meta.k8s.io/v1"_s}, {u"rv"_s, QString::number(snapshot.resourceVersion)},
        {u"start"_s, startKey},        {u"snapshot"_s, QString::number(snapshot.id)},
        {u"offset"_s, offset},
    };
    return QString::fromLatin1(
        QJsonDocument(token)
            .toJson(QJsonDocument::Compact)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

void ListPager::expireTokens()
{
    m_snapshots.clear();
}

QByteArray ListPager::render(const ResourceType &type, const Result &page)
{
    qsizetype size = 256;
    for (const StoredObjectPtr &item : page.items)
        size += item->json.size() + 1;
    QByteArray body;
    body.reserve(size);
    body += R"({"kind":")" + type.listKind().toLatin1() + R"(","apiVersion":")" +
            type.apiVersion().toLatin1() + R"(","metadata":{"resourceVersion":")" +
            QByteArray::number(page.resourceVersion) + '"';
    if (!page.continueToken.isEmpty())
        body += R"(,"continue":")" + page.continueToken.toLatin1() + '"';
    if (page.remainingItemCount >= 0)
        body += R"(,"remainingItemCount":)" + QByteArray::number(page.remainingItemCount);
    body += R"(},"items":[)";
    for (qsizetype i = 0; i < page.items.size(); ++i) {
        if (i > 0)
            body += ',';
        body += page.items.at(i)->json;
    }
    body += "]}";
    return body;
}
