#include "core/sync/sourceset.h"

bool parseSources(const QString &text, Sources *sources, QString *error)
{
    Sources result;
    for (const QString &word : text.split(u',', Qt::SkipEmptyParts)) {
        const QString w = word.trimmed().toLower();
        if (w == u"ingress" || w == u"ingresses")
            result |= Source::Ingress;
        else if (w == u"gateway" || w == u"httproute" || w == u"httproutes")
            result |= Source::Gateway;
        else if (w == u"service" || w == u"services")
            result |= Source::Service;
        else {
            if (error)
                *error = QStringLiteral("unknown source \"%1\" (known: ingress, gateway, service)")
                             .arg(word);
            return false;
        }
    }
    if (!result) {
        if (error)
            *error = QStringLiteral("no sources given (known: ingress, gateway, service)");
        return false;
    }
    *sources = result;
    return true;
}

QString sourcesToString(Sources sources)
{
    QStringList words;
    if (sources & Source::Ingress)
        words << QStringLiteral("ingress");
    if (sources & Source::Gateway)
        words << QStringLiteral("gateway");
    if (sources & Source::Service)
        words << QStringLiteral("service");
    return words.join(u',');
}
