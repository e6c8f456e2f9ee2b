#pragma once

#include "core/config/kubeconfigsources.h"
#include "core/sync/publishersetup.h"
#include "core/sync/sourceset.h"
#include "core/webhook/webhookservice.h"

#include <QString>
#include <QStringList>

class QCommandLineParser;

// Every flag of k8s-hosts, parsed and checked. The Go k8s-hosts-controller's flags are kept
// verbatim, so CI scripts only swap the binary name.
struct CommandLine
{
    enum class Mode
    {
        Gui,
        Headless,
        Cleanup,
        ListContexts,
        Help,
        Version
    };
    enum class LogFormat
    {
        Text,
        Json
    };

    Mode mode = Mode::Gui;
    bool demo = false;
    QString kubeconfig;
    QStringList contexts;
    NamespaceSelection namespaces; // --namespaces a,b | --all-namespaces (default)
    QString hostsFile = QStringLiteral("/etc/hosts");
    bool hostsFileGiven = false;
    QString marker;
    Sources sources = allSources();
    bool sourcesGiven = false;
    bool verbose = false;
    bool once = false;
    int waitTimeoutSeconds = 0; // 0: wait forever
    bool exec = false;
    QStringList command; // after "--" with --exec
    QString readyFile;
    bool dryRun = false;
    bool force = false; // --cleanup while another instance manages the block
    QStringList allowDomains;
    bool publishHosts = true;                // --publish
    std::optional<DnsZoneOptions> dns;       // --publish dns and its flags
    bool publishMdns = false;                // --publish mdns
    std::optional<ResolverOptions> resolver; // --publish resolver and its flags
    bool allowPublicIps = false;
    WebhookOptions webhook; // --webhook-*: ExternalDNS's webhook provider (off by default)
    LogFormat logFormat = LogFormat::Text;
    bool jsonOutput = false; // --list-contexts --output json
    QString helpText;

    // Returns false with a one-line reason in *error (exit code 2).
    bool parse(const QStringList &arguments, QString *error);
    // Invoked as k8s-hosts-controller: headless, as the Go tool.
    static bool invokedAsController(const QString &program);

private:
    bool readSelection(const QCommandLineParser &p, QString *error);
    bool readPublish(const QCommandLineParser &p, QString *error);
    bool readDnsTarget(const QCommandLineParser &p, bool wanted, QString *error);
    bool readResolverTarget(const QCommandLineParser &p, bool wanted, QString *error);
    bool readRun(const QCommandLineParser &p, QString *error);
    bool readWebhook(const QCommandLineParser &p, QString *error);
    bool readOutput(const QCommandLineParser &p, QString *error);
};
