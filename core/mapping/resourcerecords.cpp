#include "core/mapping/resourcerecords.h"

bool LabelSelector::matches(const QHash<QString, QString> &labels) const
{
    for (auto it = matchLabels.cbegin(); it != matchLabels.cend(); ++it) {
        if (labels.value(it.key()) != it.value() || !labels.contains(it.key()))
            return false;
    }
    for (const Requirement &r : matchExpressions) {
        const bool has = labels.contains(r.key);
        const bool in = has && r.values.contains(labels.value(r.key));
        if ((r.op == u"In" && !in) || (r.op == u"NotIn" && in) || (r.op == u"Exists" && !has) ||
            (r.op == u"DoesNotExist" && has))
            return false;
        if (r.op != u"In" && r.op != u"NotIn" && r.op != u"Exists" && r.op != u"DoesNotExist")
            return false; // an operator we do not know selects nothing, as the API server would
                          // refuse it
    }
    return true;
}

QString routeKindName(RouteKind kind)
{
    switch (kind) {
    case RouteKind::Http:
        return QStringLiteral("HTTPRoute");
    case RouteKind::Grpc:
        return QStringLiteral("GRPCRoute");
    case RouteKind::Tls:
        return QStringLiteral("TLSRoute");
    }
    return {};
}
