#pragma once

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

// The slim records of one watched collection, keyed "namespace/name", fed by a Reflector.
// A relist is framed: beginRelist() marks everything in its scope unseen, endRelist() drops
// what the new list did not contain (objects deleted while we were not watching). A scope
// is a namespace (per-namespace watches share one store) or empty for the whole store.
template <class Record>
class RecordStore
{
public:
    using Decode = Record (*)(const QJsonObject &);

    explicit RecordStore(Decode decode)
        : m_decode(decode)
    {}

    static QString keyOf(const QJsonObject &object)
    {
        const QJsonObject metadata = object.value(u"metadata").toObject();
        return metadata.value(u"namespace").toString() + u'/' + metadata.value(u"name").toString();
    }

    void beginRelist(const QString &scope = {})
    {
        QSet<QString> &unseen = m_unseen[scope];
        unseen.clear();
        const QString prefix = scope + u'/';
        for (auto it = m_records.keyBegin(); it != m_records.keyEnd(); ++it) {
            if (scope.isEmpty() || it->startsWith(prefix))
                unseen.insert(*it);
        }
    }

    // True when the record changed.
    bool upsert(const QJsonObject &object)
    {
        const QString key = keyOf(object);
        forget(key);
        Record record = m_decode(object);
        auto it = m_records.find(key);
        if (it != m_records.end() && *it == record)
            return false;
        m_records.insert(key, std::move(record));
        return true;
    }

    bool remove(const QJsonObject &object)
    {
        const QString key = keyOf(object);
        forget(key);
        return m_records.remove(key) > 0;
    }

    // The keys of the records that vanished during the relist.
    QStringList endRelist(const QString &scope = {})
    {
        const QSet<QString> unseen = m_unseen.take(scope);
        QStringList gone(unseen.begin(), unseen.end());
        for (const QString &key : gone)
            m_records.remove(key);
        return gone;
    }

    // Everything of one namespace (a per-namespace watch was dropped).
    QStringList removeScope(const QString &scope)
    {
        beginRelist(scope);
        return endRelist(scope);
    }

    const QHash<QString, Record> &records() const { return m_records; }
    void clear()
    {
        m_records.clear();
        m_unseen.clear();
    }

private:
    void forget(const QString &key)
    {
        for (auto &unseen : m_unseen)
            unseen.remove(key);
    }

    Decode m_decode;
    QHash<QString, Record> m_records;
    QHash<QString, QSet<QString>> m_unseen; // per relist scope in progress
};
