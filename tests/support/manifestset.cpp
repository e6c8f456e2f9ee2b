#include "tests/support/manifestset.h"

#include "core/config/yamltojson.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

bool fail(QString *error, const QString &message)
{
    *error = message;
    return false;
}

QString servedKinds()
{
    QStringList kinds;
    for (const ResourceType &type : ResourceType::all())
        kinds << type.kindName + u' ' + type.apiVersion();
    return kinds.join(u", "_s);
}

// One document: an object, or a List of them.
bool collect(const QJsonValue &document, const QString &origin, QList<ManifestSet::Manifest> *out,
             QString *error)
{
    if (!document.isObject())
        return fail(error, u"%1: not a Kubernetes object"_s.arg(origin));
    const QJsonObject object = document.toObject();
    const QString apiVersion = object.value(u"apiVersion").toString();
    const QString kind = object.value(u"kind").toString();
    if (kind == u"List" || kind.endsWith(u"List")) {
        int index = 0;
        for (const QJsonValue &item : object.value(u"items").toArray()) {
            if (!collect(item, u"%1, item %2"_s.arg(origin).arg(++index), out, error))
                return false;
        }
        return true;
    }
    if (apiVersion.isEmpty() || kind.isEmpty())
        return fail(error, u"%1: an object needs apiVersion and kind"_s.arg(origin));
    const qsizetype slash = apiVersion.indexOf(u'/');
    const QString group = slash < 0 ? QString() : apiVersion.left(slash);
    const QString version = apiVersion.mid(slash + 1);
    const ResourceType *type = nullptr;
    for (const ResourceType &t : ResourceType::all()) {
        if (t.kindName == kind && t.group == group && t.version == version)
            type = &t;
    }
    if (!type)
        return fail(error, u"%1: %2 %3 is not served here (served: %4)"_s.arg(
                               origin, kind, apiVersion, servedKinds()));
    const QJsonObject metadata = object.value(u"metadata").toObject();
    if (metadata.value(u"name").toString().isEmpty())
        return fail(error, u"%1: the %2 has no metadata.name"_s.arg(origin, kind));
    if (type->namespaced && metadata.value(u"namespace").toString().isEmpty())
        return fail(error, u"%1: the %2 %3 has no metadata.namespace"_s.arg(
                               origin, kind, metadata.value(u"name").toString()));
    out->append({type->kind, object, origin});
    return true;
}

} // namespace

namespace ManifestSet {

QString Manifest::key() const
{
    const QJsonObject metadata = object.value(u"metadata").toObject();
    return ResourceType::of(kind).kindName + u'/' + metadata.value(u"namespace").toString() + u'/' +
           metadata.value(u"name").toString();
}

std::optional<QStringList> files(const QString &path, QString *error)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        fail(error, u"%1 does not exist"_s.arg(path));
        return std::nullopt;
    }
    if (!info.isDir())
        return QStringList{info.absoluteFilePath()};
    QStringList out;
    const QDir dir(path);
    for (const QString &name :
         dir.entryList({u"*.yaml"_s, u"*.yml"_s, u"*.json"_s}, QDir::Files, QDir::Name))
        out << dir.absoluteFilePath(name);
    if (out.isEmpty()) {
        fail(error, u"%1 holds no *.yaml, *.yml or *.json file"_s.arg(path));
        return std::nullopt;
    }
    return out;
}

std::optional<QList<Manifest>> load(const QString &path, QString *error)
{
    const auto names = files(path, error);
    if (!names)
        return std::nullopt;
    QList<Manifest> out;
    for (const QString &name : *names) {
        QFile file(name);
        if (!file.open(QIODevice::ReadOnly)) {
            fail(error, u"cannot read %1: %2"_s.arg(name, file.errorString()));
            return std::nullopt;
        }
        QString problem;
        // JSON is YAML too; one parser reads both, with every document of a stream.
        const QList<QJsonValue> documents = YamlToJson::convertAll(file.readAll(), &problem);
        if (!problem.isEmpty()) {
            fail(error, u"%1: %2"_s.arg(name, problem));
            return std::nullopt;
        }
        const QString base = QFileInfo(name).fileName();
        for (qsizetype i = 0; i < documents.size(); ++i) {
            if (!collect(documents[i], u"%1, document %2"_s.arg(base).arg(i + 1), &out, error))
                return std::nullopt;
        }
    }
    QHash<QString, QString> seen;
    for (const Manifest &m : std::as_const(out)) {
        if (const QString before = seen.value(m.key()); !before.isEmpty()) {
            fail(error, u"%1 is defined twice: %2 and %3"_s.arg(m.key(), before, m.origin));
            return std::nullopt;
        }
        seen.insert(m.key(), m.origin);
    }
    return out;
}

} // namespace ManifestSet
