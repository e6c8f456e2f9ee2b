#include "core/sync/sourceset.h"

#include <algorithm>
#include <iterator>

namespace {

struct Word
{
    const char16_t *word;
    Sources sources;
};

// The first word of each source is the one sourcesToString() writes.
const Word words[] = {
    {u"ingress", Source::Ingress},     {u"ingresses", Source::Ingress},
    {u"httproute", Source::HttpRoute}, {u"httproutes", Source::HttpRoute},
    {u"grpcroute", Source::GrpcRoute}, {u"grpcroutes", Source::GrpcRoute},
    {u"tlsroute", Source::TlsRoute},   {u"tlsroutes", Source::TlsRoute},
    {u"service", Source::Service},     {u"services", Source::Service},
    {u"gateway", gatewayRoutes()},
};

const QString known =
    QStringLiteral("known: ingress, httproute, grpcroute, tlsroute, service, and gateway for "
                   "every route kind");

} // namespace

bool parseSources(const QString &text, Sources *sources, QString *error)
{
    Sources result;
    for (const QString &word : text.split(u',', Qt::SkipEmptyParts)) {
        const QString w = word.trimmed().toLower();
        const auto match = std::find_if(std::begin(words), std::end(words),
                                        [&](const Word &k) { return w == k.word; });
        if (match == std::end(words)) {
            if (error)
                *error = QStringLiteral("unknown source \"%1\" (%2)").arg(word.trimmed(), known);
            return false;
        }
        result |= match->sources;
    }
    if (!result) {
        if (error)
            *error = QStringLiteral("no sources given (%1)").arg(known);
        return false;
    }
    *sources = result;
    return true;
}

QString sourcesToString(Sources sources)
{
    QStringList out;
    for (const Source s : {Source::Ingress, Source::HttpRoute, Source::GrpcRoute, Source::TlsRoute,
                           Source::Service}) {
        if (!(sources & s))
            continue;
        const auto first = std::find_if(std::begin(words), std::end(words),
                                        [&](const Word &k) { return k.sources == Sources(s); });
        out << QString::fromUtf16(first->word);
    }
    return out.join(u',');
}
