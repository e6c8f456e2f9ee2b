#include "app/commandline.h"

#include "core/dns/txtregistry.h"
#include "core/hosts/hostname.h"
#include "core/hosts/hostsblock.h"
#include "core/hosts/namepolicy.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <algorithm>

namespace {

QCommandLineOption flag(const QString &name, const QString &help)
{
    return QCommandLineOption(name, help);
}

QCommandLineOption value(const QString &name, const QString &help, const QString &valueName,
                         const QString &defaultValue = {})
{
    return QCommandLineOption(name, help, valueName, defaultValue);
}

bool fail(QString *error, const QString &text)
{
    *error = text;
    return false;
}

} // namespace

bool CommandLine::invokedAsController(const QString &program)
{
    return QFileInfo(program).fileName() == u"k8s-hosts-controller";
}

namespace {

QList<QCommandLineOption> allOptions()
{
    return {
        flag(u"no-gui"_qs, u"Run headless (CI): no tray icon, no window."_qs),
        flag(u"demo"_qs, u"Run against a simulated local cluster, writing a demo hosts file."_qs),
        value(u"kubeconfig"_qs,
              u"Read only this kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)."_qs,
              u"path"_qs),
        value(u"context"_qs,
              u"Sync this context; repeat for several (default: the current one)."_qs, u"name"_qs),
        value(u"namespaces"_qs, u"Sync only these namespaces (comma-separated)."_qs, u"a,b"_qs),
        flag(u"all-namespaces"_qs, u"Sync every namespace (the default)."_qs),
        value(u"hosts-file"_qs, u"The hosts file to manage (default /etc/hosts)."_qs, u"path"_qs),
        value(u"marker"_qs, u"Name of our block's markers (default K8S-HOSTS)."_qs, u"name"_qs),
        value(u"sources"_qs,
              u"What publishes hosts: ingress, httproute, grpcroute, tlsroute, service, or gateway "
              "for every route kind (default: all the cluster serves)."_qs,
              u"list"_qs),
        value(u"publish"_qs,
              u"Where names go: hosts (our block of the hosts file), dns (RFC 2136 updates to "
              "--dns-server), mdns (.local names on multicast DNS) and resolver (a local DNS "
              "responder, wildcards too); default hosts."_qs,
              u"list"_qs),
        value(u"dns-server"_qs, u"With --publish dns: the zone's primary server."_qs,
              u"host[:port]"_qs),
        value(u"dns-zone"_qs, u"With --publish dns: the zone to publish names in."_qs, u"zone"_qs),
        value(u"tsig-key"_qs,
              u"With --publish dns: the TSIG key file, as tsig-keygen writes it."_qs, u"file"_qs),
        value(u"dns-ttl"_qs, u"With --publish dns: the records' TTL (default 60)."_qs,
              u"seconds"_qs),
        value(u"txt-owner-id"_qs,
              u"With --publish dns: our owner ID in the zone's TXT registry (default: one per "
              "user, machine and marker)."_qs,
              u"id"_qs),
        value(u"resolver-domain"_qs,
              u"With --publish resolver: a domain it answers for (repeatable; default: the "
              "domains of wildcard names)."_qs,
              u"domain"_qs),
        value(u"resolver-listen"_qs,
              u"With --publish resolver: where it listens (repeatable; default 127.0.0.1 and "
              "::1, port 15353)."_qs,
              u"addr[:port]"_qs),
        value(u"resolver-register"_qs,
              u"With --publish resolver: register it with the system's resolver (yes or no; "
              "default yes)."_qs,
              u"yes|no"_qs),
        value(u"webhook-listen"_qs,
              u"Be ExternalDNS's webhook provider on this address (repeatable; each address is "
              "one ExternalDNS; default: off)."_qs,
              u"addr:port"_qs),
        value(u"webhook-allow"_qs,
              u"With --webhook-listen: networks that may call it (repeatable; default: each "
              "listen address's own subnet)."_qs,
              u"cidr"_qs),
        value(u"webhook-domain-filter"_qs,
              u"With --webhook-listen: the domains ExternalDNS is told to manage (GET /)."_qs,
              u"a,b"_qs),
        value(u"webhook-path-secret"_qs,
              u"With --webhook-listen: serve the webhook under /SECRET/ only (put it in "
              "ExternalDNS's --webhook-provider-url)."_qs,
              u"secret"_qs),
        value(u"webhook-path-secret-file"_qs,
              u"With --webhook-listen: the path secret from this file's first line (not shown "
              "in ps)."_qs,
              u"file"_qs),
        value(u"webhook-health-listen"_qs,
              u"With --webhook-listen: answer /healthz on this address too."_qs, u"addr:port"_qs),
        flag(u"cleanup"_qs, u"Remove our block (and with --publish dns our names) and exit."_qs),
        flag(u"force"_qs,
             u"With --cleanup: remove the block even while another k8s-hosts manages it."_qs),
        flag(u"once"_qs, u"Wait for the first full sync, write, and exit (entries stay)."_qs),
        value(u"wait-timeout"_qs, u"With --once or --exec: give up after this many seconds."_qs,
              u"seconds"_qs),
        flag(
            u"exec"_qs,
            u"Sync, run the command after '--' with the entries in place, remove them, exit with its code."_qs),
        value(u"ready-file"_qs, u"Create this file after the first full sync (removed at exit)."_qs,
              u"path"_qs),
        flag(u"dry-run"_qs, u"Print the block that would be written; touch nothing."_qs),
        value(u"allow-domain"_qs,
              u"Also write hosts under this domain (repeatable; direct writes only)."_qs,
              u"suffix"_qs),
        flag(u"allow-public-ips"_qs, u"Also write public addresses (direct writes only)."_qs),
        value(u"log-format"_qs, u"Log as text or json."_qs, u"format"_qs, u"text"_qs),
        flag(u"verbose"_qs, u"Log every step."_qs),
        flag(u"list-contexts"_qs,
             u"Print the kubeconfig's contexts and whether their credentials work, then exit."_qs),
        value(u"output"_qs, u"Output format of --list-contexts: table or json."_qs, u"format"_qs,
              u"table"_qs),
    };
}

// The known option closest to a mistyped one ("hostsfile" → "hosts-file"), or empty.
QString closestOption(const QString &typed, const QList<QCommandLineOption> &options)
{
    const auto distance = [](const QString &a, const QString &b) {
        QList<int> row(b.size() + 1);
        for (int j = 0; j <= b.size(); ++j)
            row[j] = j;
        for (int i = 1; i <= a.size(); ++i) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.size(); ++j) {
                const int above = row[j];
                row[j] = std::min(
                    {row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
                diagonal = above;
            }
        }
        return row[b.size()];
    };
    QString best;
    int bestDistance = 3; // more than two edits away is no suggestion
    for (const QCommandLineOption &option : options) {
        const QString name = option.names().constFirst();
        if (const int d = distance(typed, name); d < bestDistance) {
            bestDistance = d;
            best = name;
        }
    }
    return best;
}

} // namespace

bool CommandLine::parse(const QStringList &arguments, QString *error)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Keeps one marked block of /etc/hosts equal to the host names your "
                       "Kubernetes Ingresses, Gateway routes and LoadBalancer Services serve.\n"
                       "Without --no-gui it runs in the tray (or a window)."));
    const auto help = p.addHelpOption();
    const auto version = p.addVersionOption();
    const QList<QCommandLineOption> options = allOptions();
    p.addOptions(options);
    p.addPositionalArgument(u"command"_qs, u"With --exec: the command to run, after '--'."_qs,
                            u"[-- command args...]"_qs);
    // Without a QCoreApplication yet, Qt cannot know the program's name.
    const QString program = QFileInfo(arguments.value(0, u"k8s-hosts"_qs)).fileName();
    helpText = p.helpText().replace(u"<executable_name>"_qs, program);
    if (!p.parse(arguments)) {
        const QString suggestion = closestOption(p.unknownOptionNames().value(0), options);
        return fail(error, p.errorText() + (suggestion.isEmpty()
                                                ? QString()
                                                : u" Did you mean --%1?"_qs.arg(suggestion)));
    }
    if (p.isSet(help)) {
        mode = Mode::Help;
        return true;
    }
    if (p.isSet(version)) {
        mode = Mode::Version;
        return true;
    }
    if (!readSelection(p, error) || !readPublish(p, error) || !readRun(p, error) ||
        !readOutput(p, error) || !readWebhook(p, error))
        return false;

    const bool headless = p.isSet(u"no-gui"_qs) || invokedAsController(arguments.value(0));
    if (p.isSet(u"list-contexts"_qs))
        mode = Mode::ListContexts;
    else if (p.isSet(u"cleanup"_qs))
        mode = Mode::Cleanup;
    else
        mode = headless ? Mode::Headless : Mode::Gui;
    if (mode != Mode::Headless && (once || exec || dryRun || !readyFile.isEmpty()))
        return fail(error, u"--once, --exec, --dry-run and --ready-file need --no-gui"_qs);
    if (force && mode != Mode::Cleanup)
        return fail(error, u"--force goes with --cleanup"_qs);
    if (p.isSet(u"publish"_qs) && mode != Mode::Headless && mode != Mode::Cleanup)
        return fail(error,
                    u"--publish needs --no-gui (the tray app publishes to the hosts file)"_qs);
    if (once && publishMdns)
        return fail(error, u"--once cannot leave mDNS names behind: they are answered only while "
                           "k8s-hosts runs; keep it running, or use --exec"_qs);
    if (once && resolver)
        return fail(error, u"--once cannot leave the local resolver behind: it answers only while "
                           "k8s-hosts runs; keep it running, or use --exec"_qs);
    if (webhook.enabled() && mode != Mode::Headless && mode != Mode::Gui)
        return fail(error, u"--webhook-listen goes with a run that syncs (--no-gui or the tray "
                           "app), not with --cleanup or --list-contexts"_qs);
    if (webhook.enabled() && dryRun)
        return fail(error, u"--dry-run binds nothing, so it cannot answer ExternalDNS; drop "
                           "--webhook-listen"_qs);
    if (webhook.enabled() && once)
        return fail(error, u"--once cannot answer ExternalDNS: its webhook answers only while "
                           "k8s-hosts runs; keep it running"_qs);
    if (resolver && mode == Mode::Cleanup)
        return fail(error, u"--cleanup has nothing to remove for the local resolver: it stops "
                           "with k8s-hosts"_qs);
    return true;
}

// --webhook-*: ExternalDNS's webhook provider.
bool CommandLine::readWebhook(const QCommandLineParser &p, QString *error)
{
    const QStringList others = {u"webhook-allow"_qs, u"webhook-domain-filter"_qs,
                                u"webhook-path-secret"_qs, u"webhook-path-secret-file"_qs,
                                u"webhook-health-listen"_qs};
    if (!p.isSet(u"webhook-listen"_qs)) {
        for (const QString &flag : others) {
            if (p.isSet(flag))
                return fail(error, u"--%1 goes with --webhook-listen"_qs.arg(flag));
        }
        return true;
    }
    QString why;
    for (const QString &value : p.values(u"webhook-listen"_qs)) {
        const auto listen = WebhookOptions::parseListen(value, &why);
        if (!listen)
            return fail(error, u"--webhook-listen "_qs + why);
        webhook.listen.append(*listen);
    }
    for (const QString &value : p.values(u"webhook-allow"_qs)) {
        const auto net = WebhookOptions::parseAllow(value, &why);
        if (!net)
            return fail(error, u"--webhook-allow "_qs + why);
        webhook.allow.append(*net);
    }
    const QStringList domains =
        p.value(u"webhook-domain-filter"_qs).split(u',', Qt::SkipEmptyParts);
    for (const QString &value : domains) {
        const QString domain = value.trimmed().toLower();
        if (!Hostname::normalize(domain.endsWith(u'.') ? domain.chopped(1) : domain, &why))
            return fail(error, u"--webhook-domain-filter %1: %2"_qs.arg(value, why));
        webhook.domainFilter.include.append(domain);
    }
    if (p.isSet(u"webhook-path-secret"_qs) && p.isSet(u"webhook-path-secret-file"_qs))
        return fail(error,
                    u"give --webhook-path-secret or --webhook-path-secret-file, not both"_qs);
    if (p.isSet(u"webhook-path-secret"_qs)) {
        webhook.pathSecret = p.value(u"webhook-path-secret"_qs);
        if (!WebhookOptions::checkPathSecret(webhook.pathSecret, error))
            return false;
    }
    if (p.isSet(u"webhook-path-secret-file"_qs)) {
        const auto secret =
            WebhookOptions::readPathSecretFile(p.value(u"webhook-path-secret-file"_qs), error);
        if (!secret)
            return false;
        webhook.pathSecret = *secret;
    }
    if (p.isSet(u"webhook-health-listen"_qs)) {
        webhook.healthListen =
            WebhookOptions::parseListen(p.value(u"webhook-health-listen"_qs), &why);
        if (!webhook.healthListen)
            return fail(error, u"--webhook-health-listen "_qs + why);
    }
    return true;
}

// Where names go: --publish hosts,dns,mdns,resolver and each target's flags.
bool CommandLine::readPublish(const QCommandLineParser &p, QString *error)
{
    bool dnsWanted = false;
    bool resolverWanted = false;
    if (p.isSet(u"publish"_qs)) {
        publishHosts = false;
        for (const QString &word : p.value(u"publish"_qs).split(u',', Qt::SkipEmptyParts)) {
            const QString w = word.trimmed().toLower();
            if (w == u"hosts")
                publishHosts = true;
            else if (w == u"dns")
                dnsWanted = true;
            else if (w == u"mdns")
                publishMdns = true;
            else if (w == u"resolver")
                resolverWanted = true;
            else
                return fail(error, u"--publish: unknown target \"%1\" (known: hosts, dns, mdns, "
                                   "resolver)"_qs.arg(word.trimmed()));
        }
        if (!publishHosts && !dnsWanted && !publishMdns && !resolverWanted)
            return fail(error, u"--publish needs one or more of hosts, dns, mdns, resolver"_qs);
    }
    return readDnsTarget(p, dnsWanted, error) && readResolverTarget(p, resolverWanted, error);
}

// --publish dns: the zone, its server and key.
bool CommandLine::readDnsTarget(const QCommandLineParser &p, bool wanted, QString *error)
{
    const QStringList flags = {u"dns-server"_qs, u"dns-zone"_qs, u"tsig-key"_qs, u"dns-ttl"_qs,
                               u"txt-owner-id"_qs};
    if (!wanted) {
        for (const QString &flag : flags) {
            if (p.isSet(flag))
                return fail(error, u"--%1 goes with --publish dns"_qs.arg(flag));
        }
        return true;
    }
    dns = DnsZoneOptions{};
    dns->server = p.value(u"dns-server"_qs);
    dns->zone = p.value(u"dns-zone"_qs);
    if (dns->server.isEmpty() || dns->zone.isEmpty())
        return fail(error, u"--publish dns needs --dns-server HOST[:PORT] and --dns-zone ZONE"_qs);
    dns->keyFile = p.value(u"tsig-key"_qs);
    if (p.isSet(u"dns-ttl"_qs)) {
        bool ok = false;
        const uint ttl = p.value(u"dns-ttl"_qs).toUInt(&ok);
        if (!ok || ttl == 0 || ttl > 86400)
            return fail(error, u"--dns-ttl takes seconds from 1 to 86400"_qs);
        dns->ttl = ttl;
    }
    dns->owner = p.value(u"txt-owner-id"_qs);
    if (p.isSet(u"txt-owner-id"_qs) && !TxtRegistry::isValidOwner(dns->owner))
        return fail(error, u"--txt-owner-id: 1 to 64 letters, digits, '-', '.', '_' or '@'"_qs);
    return true;
}

// --publish resolver: its domains, where it listens, whether it is registered.
bool CommandLine::readResolverTarget(const QCommandLineParser &p, bool wanted, QString *error)
{
    const QStringList flags = {u"resolver-domain"_qs, u"resolver-listen"_qs,
                               u"resolver-register"_qs};
    if (!wanted) {
        for (const QString &flag : flags) {
            if (p.isSet(flag))
                return fail(error, u"--%1 goes with --publish resolver"_qs.arg(flag));
        }
        return true;
    }
    resolver = ResolverOptions{};
    for (const QString &value : p.values(u"resolver-domain"_qs)) {
        QString why;
        const auto domain =
            Hostname::normalize(value.endsWith(u'.') ? value.chopped(1) : value, &why);
        if (!domain)
            return fail(error, u"--resolver-domain %1: %2"_qs.arg(value, why));
        if (NamePolicy::isPublicSuffix(*domain))
            return fail(error, u"--resolver-domain %1 is a top-level domain or public suffix: the "
                               "resolver would answer for every site under it; give the domain "
                               "your clusters use (like apps.test)"_qs.arg(*domain));
        resolver->domains.append(*domain);
    }
    const QStringList listen = p.values(u"resolver-listen"_qs);
    for (const QString &value : listen.isEmpty() ? ResolverOptions::defaultListen() : listen) {
        QString why;
        const auto endpoint = ResponderEndpoint::parse(value, ResolverOptions::defaultPort, &why);
        if (!endpoint)
            return fail(error, u"--resolver-listen "_qs + why);
        resolver->listen.append(*endpoint);
    }
    resolver->listenGiven = !listen.isEmpty();
    const QString registration = p.value(u"resolver-register"_qs).toLower();
    if (p.isSet(u"resolver-register"_qs) && registration != u"yes" && registration != u"no")
        return fail(error, u"--resolver-register takes yes or no"_qs);
    resolver->registerWithSystem = registration != u"no";
    return true;
}

// What to sync and where: kubeconfig, contexts, namespaces, hosts file, marker, sources.
bool CommandLine::readSelection(const QCommandLineParser &p, QString *error)
{
    demo = p.isSet(u"demo"_qs);
    kubeconfig = p.value(u"kubeconfig"_qs);
    if (p.isSet(u"kubeconfig"_qs) && kubeconfig.isEmpty())
        return fail(error, u"--kubeconfig needs a file path"_qs);
    contexts = p.values(u"context"_qs);
    if (p.isSet(u"namespaces"_qs) && p.isSet(u"all-namespaces"_qs))
        return fail(error, u"--namespaces and --all-namespaces exclude each other"_qs);
    if (p.isSet(u"namespaces"_qs)) {
        namespaces = {false, p.value(u"namespaces"_qs).split(u',', Qt::SkipEmptyParts)};
        for (QString &ns : namespaces.names)
            ns = ns.trimmed();
        if (namespaces.names.isEmpty())
            return fail(error, u"--namespaces needs at least one namespace"_qs);
    }
    hostsFileGiven = p.isSet(u"hosts-file"_qs);
    if (hostsFileGiven)
        hostsFile = p.value(u"hosts-file"_qs);
    if (hostsFile.isEmpty())
        return fail(error, u"--hosts-file needs a file path"_qs);
    marker = p.isSet(u"marker"_qs) ? p.value(u"marker"_qs) : QString();
    if (p.isSet(u"marker"_qs) && !HostsBlock::isValidMarker(marker))
        return fail(error, u"--marker must be 1 to 64 of A-Z, 0-9 and '-'"_qs);
    sourcesGiven = p.isSet(u"sources"_qs);
    if (sourcesGiven && !parseSources(p.value(u"sources"_qs), &sources, error))
        return false;
    for (const QString &domain : p.values(u"allow-domain"_qs)) {
        if (!NamePolicy().allowDomain(domain, error))
            return fail(error, u"--allow-domain: "_qs + *error);
        allowDomains.append(domain);
    }
    allowPublicIps = p.isSet(u"allow-public-ips"_qs);
    return true;
}

// How the run goes: --once, --exec, --wait-timeout, --ready-file, --dry-run, --cleanup --force.
bool CommandLine::readRun(const QCommandLineParser &p, QString *error)
{
    once = p.isSet(u"once"_qs);
    if (p.isSet(u"wait-timeout"_qs)) {
        bool ok = false;
        waitTimeoutSeconds = p.value(u"wait-timeout"_qs).toInt(&ok);
        if (!ok || waitTimeoutSeconds <= 0)
            return fail(error, u"--wait-timeout takes a whole number of seconds above 0"_qs);
    }
    exec = p.isSet(u"exec"_qs);
    command = p.positionalArguments();
    if (exec && command.isEmpty())
        return fail(error, u"--exec needs a command after '--', e.g. --exec -- pytest"_qs);
    if (!exec && !command.isEmpty())
        return fail(error,
                    u"unexpected argument \"%1\" (a command to run goes after --exec --)"_qs.arg(
                        command.first()));
    if (exec && once)
        return fail(error, u"--once and --exec exclude each other"_qs);
    readyFile = p.value(u"ready-file"_qs);
    dryRun = p.isSet(u"dry-run"_qs);
    force = p.isSet(u"force"_qs);
    return true;
}

// What is printed: logs, --list-contexts' format.
bool CommandLine::readOutput(const QCommandLineParser &p, QString *error)
{
    verbose = p.isSet(u"verbose"_qs);
    const QString log = p.value(u"log-format"_qs);
    if (log != u"text" && log != u"json")
        return fail(error, u"--log-format must be text or json"_qs);
    logFormat = log == u"json" ? LogFormat::Json : LogFormat::Text;
    const QString output = p.value(u"output"_qs);
    if (output != u"table" && output != u"json")
        return fail(error, u"--output must be table or json"_qs);
    jsonOutput = output == u"json";
    return true;
}
