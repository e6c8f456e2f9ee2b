#pragma once

#include "tests/support/resourcetype.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// Kubernetes objects read from manifests the way `kubectl apply -f PATH` reads them: a YAML
// or JSON file, or a folder of *.yaml, *.yml and *.json files (not its subfolders), several
// documents per file ("---" between them, or a kind: List), status included. Anything the
// fake API server could not serve is an error that names the file and the document.
namespace ManifestSet {

struct Manifest
{
    ResourceKind kind;
    QJsonObject object;
    QString origin; // "ingress.yaml, document 2"

    // "Ingress/namespace/name": one object per key in a set.
    QString key() const;
};

// The files a path names, sorted; an error when it names none.
std::optional<QStringList> files(const QString &path, QString *error);
std::optional<QList<Manifest>> load(const QString &path, QString *error);

} // namespace ManifestSet
