#pragma once

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>

// The slim records of one watched collection, keyed "namespace/name", fed by a Reflector.
// A relist is framed: beginRelist() marks everything unseen, endRelist() drops what the new
// list did not contain (objects deleted while we were not watching).
template <class Record>
class RecordStore
{
public:
    using Decode = Record (*)(const QJsonObject &);

    explicit RecordStore(Decode decode)
        : m_decode(decode)
    {
    }

    static QString keyOf(const QJsonObject &object)
    {
        const QJsonObject metadata = object.value(u"metadata").toObject();
        return metadata.value(u"namespace").toString() + u'/' + metadata.value(u"name").toString();
    }

    void beginRelist()
    {
        m_unseen = QSet<QString>(m_records.keyBegin(), m_records.keyEnd());
    }

    // True when the record changed.
    bool upsert(const QJsonObject &object)
    {
        const QString key = keyOf(object);
        m_unseen.remove(key);
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
        m_unseen.remove(key);
        return m_records.remove(key) > 0;
    }

    // The keys of the records that vanished during the relist.
    QStringList endRelist()
    {
        QStringList gone(m_unseen.begin(), m_unseen.end());
        for (const QString &key : gone)
            m_records.remove(key);
        m_unseen.clear();
        return gone;
    }

    const QHash<QString, Record> &records() const { return m_records; }
    void clear()
    {
        m_records.clear();
        m_unseen.clear();
    }

private:
    Decode m_decode;
    QHash<QString, Record> m_records;
    QSet<QString> m_unseen;
};
