#pragma once

#include <QFlags>
#include <QString>
#include <QStringList>

// Which kinds of objects publish hosts.
enum class Source
{
    Ingress = 0x1,
    HttpRoute = 0x2,
    Service = 0x4,
    GrpcRoute = 0x8,
    TlsRoute = 0x10,
};
Q_DECLARE_FLAGS(Sources, Source)
Q_DECLARE_OPERATORS_FOR_FLAGS(Sources)

// The Gateway API routes: what "gateway" means on the command line.
inline Sources gatewayRoutes()
{
    return Sources(Source::HttpRoute) | Source::GrpcRoute | Source::TlsRoute;
}

inline Sources allSources()
{
    return gatewayRoutes() | Source::Ingress | Source::Service;
}

// "ingress,httproute,service" → flags ("gateway" is every route kind); false with the
// unknown word in *error.
bool parseSources(const QString &text, Sources *sources, QString *error);
// The words parseSources() reads back, in a fixed order.
QString sourcesToString(Sources sources);

// The namespaces a context syncs: all of them, or a chosen set.
struct NamespaceSelection
{
    bool all = true;
    QStringList names;

    bool includes(QStringView ns) const { return all || names.contains(ns); }
    friend bool operator==(const NamespaceSelection &, const NamespaceSelection &) = default;
};
