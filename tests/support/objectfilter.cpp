#include "tests/support/objectfilter.h"

using namespace Qt::StringLiterals;

std::optional<ObjectFilter> ObjectFilter::parse(const QString &namespaceName,
                                                const QString &fieldSelector,
                                                const QString &labelSelector, QString *error)
{
    ObjectFilter filter;
    filter.m_namespace = namespaceName;
    if (!parseRequirements(fieldSelector, false, &filter.m_fields, error))
        return std::nullopt;
    if (!parseRequirements(labelSelector, true, &filter.m_labels, error))
        return std::nullopt;
    return filter;
}

bool ObjectFilter::parseRequirements(const QString &selector, bool labels,
                                     QList<Requirement> *requirements, QString *error)
{
    const QStringList terms = selector.split(u',', Qt::SkipEmptyParts);
    for (QString term : terms) {
        term = term.trimmed();
        Requirement requirement;
        qsizetype at = -1;
        qsizetype width = 0;
        if ((at = term.indexOf(u"!=")) >= 0) {
            requirement.op = Requirement::Op::NotEquals;
            width = 2;
        } else if ((at = term.indexOf(u"==")) >= 0) {
            width = 2;
        } else if ((at = term.indexOf(u'=')) >= 0) {
            width = 1;
        }
        if (at >= 0) {
            requirement.key = term.left(at).trimmed();
            requirement.value = term.mid(at + width).trimmed();
        } else if (labels && term.startsWith(u'!')) {
            requirement.op = Requirement::Op::NotExists;
            requirement.key = term.mid(1).trimmed();
        } else if (labels) {
            requirement.op = Requirement::Op::Exists;
            requirement.key = term;
        }
        const bool knownField =
            requirement.key == u"metadata.name" || requirement.key == u"metadata.namespace";
        if (requirement.key.isEmpty() || (!labels && !knownField) ||
            requirement.key.contains(u' ') || requirement.value.contains(u' ')) {
            if (error) {
                *error = u"The test API server does not support the %1 \"%2\"."_s.arg(
                    labels ? u"label selector"_s : u"field selector"_s, term);
            }
            return false;
        }
        requirements->append(requirement);
    }
    return true;
}

bool ObjectFilter::holds(const Requirement &requirement, const std::optional<QString> &actual)
{
    switch (requirement.op) {
    case Requirement::Op::Equals:
        return actual && *actual == requirement.value;
    case Requirement::Op::NotEquals:
        return !actual || *actual != requirement.value;
    case Requirement::Op::Exists:
        return actual.has_value();
    case Requirement::Op::NotExists:
        return !actual.has_value();
    }
    return false;
}

bool ObjectFilter::matches(const StoredObject &object) const
{
    if (!m_namespace.isEmpty() && object.namespaceName != m_namespace)
        return false;
    for (const Requirement &field : m_fields) {
        const QString &actual = field.key == u"metadata.name" ? object.name : object.namespaceName;
        if (!holds(field, actual))
            return false;
    }
    for (const Requirement &label : m_labels) {
        const auto found = object.labels.constFind(label.key);
        if (!holds(label,
                   found == object.labels.cend() ? std::nullopt : std::optional<QString>(*found)))
            return false;
    }
    return true;
}
