#pragma once

#include "tests/support/storedobject.h"

#include <QList>
#include <QString>

#include <optional>

// Which objects a list or watch request asks for: a namespace (or all) plus the parts of
// fieldSelector and labelSelector the fake server understands. Field selectors:
// metadata.name and metadata.namespace with =, == or !=. Label selectors: the
// equality-based forms key=v, key==v, key!=v, key and !key, comma-separated.
class ObjectFilter
{
public:
    // nullopt with *error set when a selector uses something unsupported.
    static std::optional<ObjectFilter> parse(const QString &namespaceName,
                                             const QString &fieldSelector,
                                             const QString &labelSelector, QString *error);

    bool matches(const StoredObject &object) const;
    bool matches(const StoredObjectPtr &object) const { return object && matches(*object); }
    const QString &namespaceName() const { return m_namespace; }

private:
    struct Requirement
    {
        enum class Op
        {
            Equals,
            NotEquals,
            Exists,
            NotExists
        };
        QString key;
        Op op = Op::Equals;
        QString value;
    };

    static bool parseRequirements(const QString &selector, bool labels,
                                  QList<Requirement> *requirements, QString *error);
    static bool holds(const Requirement &requirement, const std::optional<QString> &actual);

    QString m_namespace;
    QList<Requirement> m_fields;
    QList<Requirement> m_labels;
};
