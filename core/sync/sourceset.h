#pragma once

#include <QFlags>
#include <QString>
#include <QStringList>

// Which kinds of objects publish hosts.
enum class Source
{
    Ingress = 0x1,
    Gateway = 0x2,
    Service = 0x4
};
Q_DECLARE_FLAGS(Sources, Source)
Q_DECLARE_OPERATORS_FOR_FLAGS(Sources)

inline Sources allSources()
{
    return Sources(Source::Ingress) | Source::Gateway | Source::Service;
}

// "ingress,gateway,service" → flags; false with the unknown word in *error.
bool parseSources(const QString &text, Sources *sources, QString *error);
QString sourcesToString(Sources sources);

// The namespaces a context syncs: all of them, or a chosen set.
struct NamespaceSelection
{
    bool all = true;
    QStringList names;

    bool includes(QStringView ns) const { return all || names.contains(ns); }
    friend bool operator==(const NamespaceSelection &, const NamespaceSelection &) = default;
};
