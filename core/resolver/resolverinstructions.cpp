#include "core/resolver/resolverinstructions.h"

QString ResolverInstructions::text(const ResponderEndpoint &endpoint, const QStringList &domains)
{
    const QString address = endpoint.address.toString();
    const QString port = QString::number(endpoint.port);
    const QStringList named = domains.isEmpty() ? QStringList{QStringLiteral("DOMAIN")} : domains;
    QStringList dnsmasq;
    QStringList resolverFiles;
    for (const QString &domain : named) {
        dnsmasq.append(QStringLiteral("server=/%1/%2#%3").arg(domain, address, port));
        resolverFiles.append(QStringLiteral("/etc/resolver/%1").arg(domain));
    }
    return QStringLiteral(
               "the local resolver answers on %1 for %2, but the system does not ask it yet. "
               "To route it by hand: with dnsmasq (or NetworkManager's dns=dnsmasq, in "
               "/etc/NetworkManager/dnsmasq.d/) add %3; on macOS write %4 with \"nameserver "
               "%5\" and \"port %6\"; --resolver-register no silences this")
        .arg(endpoint.toString(),
             domains.isEmpty() ? QStringLiteral("the domains of wildcard names (DOMAIN below)")
                               : domains.join(QStringLiteral(", ")),
             dnsmasq.join(QStringLiteral(" and ")), resolverFiles.join(QStringLiteral(", ")),
             address, port);
}
