#include "tests/support/discoverydocuments.h"

#include "tests/support/resourcetype.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QStringList groups()
{
    QStringList names;
    for (const ResourceType &type : ResourceType::all()) {
        if (!type.group.isEmpty() && !names.contains(type.group))
            names << type.group;
    }
    return names;
}

// The versions a group serves, v1 (the preferred one) first.
QStringList versionsOf(const QString &group)
{
    QStringList versions;
    for (const ResourceType &type : ResourceType::all()) {
        if (type.group == group && !versions.contains(type.version))
            versions << type.version;
    }
    std::sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) {
        return (a == u"v1") > (b == u"v1") || ((a == u"v1") == (b == u"v1") && a > b);
    });
    return versions;
}

QJsonObject apiGroup(const QString &group)
{
    QJsonArray versions;
    for (const QString &version : versionsOf(group))
        versions.append(
            QJsonObject{{u"groupVersion"_s, group + u'/' + version}, {u"version"_s, version}});
    return {{u"kind"_s, u"APIGroup"_s},
            {u"apiVersion"_s, u"v1"_s},
            {u"name"_s, group},
            {u"versions"_s, versions},
            {u"preferredVersion"_s, versions.first()}};
}

QJsonObject resourceList(const QString &group, const QString &version)
{
    QJsonArray resources;
    for (const ResourceType &type : ResourceType::all()) {
        if (type.group != group || type.version != version)
            continue;
        QJsonObject resource{
            {u"name"_s, type.plural},
            {u"singularName"_s, type.singular},
            {u"namespaced"_s, type.namespaced},
            {u"kind"_s, type.kindName},
            {u"verbs"_s, QJsonArray{u"get"_s, u"list"_s, u"watch"_s}},
        };
        if (!type.shortNames.isEmpty())
            resource.insert(u"shortNames", QJsonArray::fromStringList(type.shortNames));
        if (!type.categories.isEmpty())
            resource.insert(u"categories", QJsonArray::fromStringList(type.categories));
        resources.append(resource);
    }
    if (resources.isEmpty())
        return {};
    return {{u"kind"_s, u"APIResourceList"_s},
            {u"apiVersion"_s, u"v1"_s},
            {u"groupVersion"_s, group.isEmpty() ? version : group + u'/' + version},
            {u"resources"_s, resources}};
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

namespace DiscoveryDocuments {

std::optional<QByteArray> at(const QString &path, const QString &serverAddress)
{
    QString trimmed = path;
    while (trimmed.size() > 1 && trimmed.endsWith(u'/'))
        trimmed.chop(1);
    if (trimmed == u"/version") {
        return compact({{u"major"_s, u"1"_s},
                        {u"minor"_s, u"32"_s},
                        {u"gitVersion"_s, QString::fromLatin1(GitVersion)},
                        {u"gitCommit"_s, u"0000000000000000000000000000000000000000"_s},
                        {u"gitTreeState"_s, u"clean"_s},
                        {u"buildDate"_s, u"2025-01-01T00:00:00Z"_s},
                        {u"goVersion"_s, u"go1.23.0"_s},
                        {u"compiler"_s, u"gc"_s},
                        {u"platform"_s, u"linux/amd64"_s}});
    }
    if (trimmed == u"/api") {
        const QJsonObject cidr{{u"clientCIDR"_s, u"0.0.0.0/0"_s},
                               {u"serverAddress"_s, serverAddress}};
        return compact({{u"kind"_s, u"APIVersions"_s},
                        {u"versions"_s, QJsonArray{u"v1"_s}},
                        {u"serverAddressByClientCIDRs"_s, QJsonArray{cidr}}});
    }
    if (trimmed == u"/apis") {
        QJsonArray list;
        for (const QString &group : groups()) {
            QJsonObject entry = apiGroup(group);
            entry.remove(u"kind");
            entry.remove(u"apiVersion");
            list.append(entry);
        }
        return compact(
            {{u"kind"_s, u"APIGroupList"_s}, {u"apiVersion"_s, u"v1"_s}, {u"groups"_s, list}});
    }
    const QStringList segments = trimmed.split(u'/', Qt::SkipEmptyParts);
    if (segments.size() == 2 && segments.at(0) == u"api") {
        const QJsonObject list = resourceList({}, segments.at(1));
        return list.isEmpty() ? std::nullopt : std::optional(compact(list));
    }
    if (segments.size() == 2 && segments.at(0) == u"apis" && groups().contains(segments.at(1)))
        return compact(apiGroup(segments.at(1)));
    if (segments.size() == 3 && segments.at(0) == u"apis") {
        const QJsonObject list = resourceList(segments.at(1), segments.at(2));
        return list.isEmpty() ? std::nullopt : std::optional(compact(list));
    }
    return std::nullopt;
}

} // namespace DiscoveryDocuments
