#include "tests/support/apipath.h"

#include <QStringList>

using namespace Qt::StringLiterals;

std::optional<ApiPath> ApiPath::parse(const QString &path)
{
    const QStringList segments = path.split(u'/', Qt::SkipEmptyParts);
    QString group;
    QString version;
    qsizetype at = 0;
    if (segments.size() >= 3 && segments.at(0) == u"api") {
        version = segments.at(1);
        at = 2;
    } else if (segments.size() >= 4 && segments.at(0) == u"apis") {
        group = segments.at(1);
        version = segments.at(2);
        at = 3;
    } else {
        return std::nullopt;
    }
    const QStringList rest = segments.mid(at);
    ApiPath result;
    QStringList tail;
    if (rest.size() >= 3 && rest.at(0) == u"namespaces") {
        result.namespaceName = rest.at(1);
        result.type = ResourceType::find(group, version, rest.at(2));
        tail = rest.mid(3);
    } else {
        result.type = ResourceType::find(group, version, rest.at(0));
        tail = rest.mid(1);
    }
    if (!result.type || tail.size() > 2)
        return std::nullopt;
    if (!result.type->namespaced && !result.namespaceName.isEmpty())
        return std::nullopt;
    result.name = tail.value(0);
    result.subresource = tail.value(1);
    return result;
}
