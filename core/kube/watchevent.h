#pragma once

#include <QJsonObject>
#include <QString>

// One event of a Kubernetes watch stream, {"type":"ADDED","object":{...}}.
struct WatchEvent
{
    enum class Type
    {
        Added,
        Modified,
        Deleted,
        Bookmark,
        Error
    };

    Type type = Type::Added;
    // The object as the server sent it; for Error a meta/v1 Status, for Bookmark an object
    // that carries only metadata.resourceVersion (and annotations).
    QJsonObject object;

    QString resourceVersion() const
    {
        return object.value(u"metadata").toObject().value(u"resourceVersion").toString();
    }
    // The Status code of an Error event (410 when the resource version was compacted).
    int statusCode() const { return object.value(u"code").toInt(); }
};
