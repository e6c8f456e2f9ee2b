// k8s-hosts-fake-apiserver: the test API server as a program, for `k8s-hosts --demo`,
// benchmarks and trying things by hand with kubectl. Prints its URL as the first line on
// stdout once it listens, then serves until killed.
#include "tests/support/churndriver.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/manifestsync.h"
#include "tests/support/seedworkload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int usageError(const QString &message)
{
    std::fprintf(stderr, "k8s-hosts-fake-apiserver: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"k8s-hosts-fake-apiserver"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(K8S_HOSTS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A fake Kubernetes API server for tests, benchmarks and the demo mode. Prints its URL "
        "on the first line of stdout once it listens."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption address(u"address"_s, u"Address to listen on (default 127.0.0.1)."_s,
                                     u"ip"_s, u"127.0.0.1"_s);
    const QCommandLineOption port(u"port"_s, u"Port to listen on; 0 picks a free one (default)."_s,
                                  u"port"_s, u"0"_s);
    const QCommandLineOption tls(u"tls"_s, u"Serve HTTPS with the test-only certificates; client "
                                           "certificates signed by the test CA are accepted."_s);
    const QCommandLineOption token(u"token"_s,
                                   u"Accept this bearer token (repeatable). Requests "
                                   "without credentials are then refused."_s,
                                   u"token"_s);
    const QCommandLineOption requireAuth(u"require-auth"_s,
                                         u"Refuse requests without credentials."_s);
    const QCommandLineOption namespaces(u"namespaces"_s, u"Seed N namespaces (default 3)."_s,
                                        u"N"_s, u"3"_s);
    const QCommandLineOption ingresses(
        u"ingresses"_s, u"Seed M Ingresses per namespace (default 2)."_s, u"M"_s, u"2"_s);
    const QCommandLineOption services(u"services"_s,
                                      u"Seed S LoadBalancer Services per namespace (default 0)."_s,
                                      u"S"_s, u"0"_s);
    const QCommandLineOption routes(u"routes"_s,
                                    u"Seed R HTTPRoutes per namespace, with a Gateway (default "
                                    "0)."_s,
                                    u"R"_s, u"0"_s);
    const QCommandLineOption kubeconfig(u"kubeconfig"_s,
                                        u"Write a kubeconfig for this server to PATH (with the "
                                        "first --token, else the test client certificate under "
                                        "--tls)."_s,
                                        u"path"_s);
    const QCommandLineOption churn(u"churn"_s, u"Change Ingresses at this many writes/second."_s,
                                   u"rate"_s, u"0"_s);
    const QCommandLineOption seed(u"seed"_s, u"Random seed for --churn (default 1)."_s, u"n"_s,
                                  u"1"_s);
    const QCommandLineOption history(u"history"_s,
                                     u"Writes kept for watches to resume from (default 10000)."_s,
                                     u"n"_s, u"10000"_s);
    const QCommandLineOption bookmarks(u"bookmark-interval"_s,
                                       u"Seconds between BOOKMARK events (default 60)."_s,
                                       u"seconds"_s, u"60"_s);
    const QCommandLineOption manifests(
        u"manifests"_s,
        u"Serve the objects of these manifests (a YAML or JSON file, or a folder of them; "
        "several documents per file; status included) and follow changes to them as watch "
        "events. Seeds nothing else unless --namespaces etc. are given too."_s,
        u"path"_s);
    const QCommandLineOption verbose(u"verbose"_s, u"Log every connection error to stderr."_s);
    parser.addOptions({address, port, tls, token, requireAuth, namespaces, ingresses, services,
                       routes, kubeconfig, churn, seed, history, bookmarks, manifests, verbose});
    parser.process(app);

    const auto number = [&](const QCommandLineOption &option, bool *ok) {
        return parser.value(option).toDouble(ok);
    };
    FakeApiServer::Options options;
    if (!options.address.setAddress(parser.value(address)))
        return usageError(u"--address: \"%1\" is not an IP address"_s.arg(parser.value(address)));
    bool ok = true;
    const int portNumber = parser.value(port).toInt(&ok);
    if (!ok || portNumber < 0 || portNumber > 65535)
        return usageError(u"--port: give a number from 0 to 65535"_s);
    options.port = quint16(portNumber);
    options.tls = parser.isSet(tls);
    options.tokens = parser.values(token);
    options.allowAnonymous = options.tokens.isEmpty() && !parser.isSet(requireAuth);
    const double bookmarkSeconds = number(bookmarks, &ok);
    if (!ok || bookmarkSeconds <= 0)
        return usageError(u"--bookmark-interval: give a positive number of seconds"_s);
    options.bookmarkInterval = std::chrono::milliseconds(qint64(bookmarkSeconds * 1000));

    SeedWorkload workload;
    const QList<std::pair<const QCommandLineOption *, int *>> counts = {
        {&namespaces, &workload.namespaces},
        {&ingresses, &workload.ingressesPerNamespace},
        {&services, &workload.servicesPerNamespace},
        {&routes, &workload.routesPerNamespace}};
    for (const auto &[option, target] : counts) {
        if (parser.isSet(manifests) && !parser.isSet(*option)) {
            *target = 0; // the manifests are the cluster
            continue;
        }
        *target = parser.value(*option).toInt(&ok);
        if (!ok || *target < 0)
            return usageError(
                u"--%1: give a whole number, 0 or more"_s.arg(option->names().first()));
    }
    const double churnRate = number(churn, &ok);
    if (!ok || churnRate < 0)
        return usageError(u"--churn: give a number of writes per second, 0 or more"_s);
    const qsizetype historyLimit = parser.value(history).toLongLong(&ok);
    if (!ok || historyLimit < 0)
        return usageError(u"--history: give a whole number, 0 or more"_s);
    if (parser.isSet(verbose))
        QLoggingCategory::setFilterRules(u"k8shosts.testsupport.debug=true"_s);

    FakeApiServer server(options);
    server.cluster().setHistoryLimit(historyLimit);
    int seeded = workload.populate(server.cluster());
    ManifestSync manifestSync(&server.cluster(), parser.value(manifests));
    QString error;
    if (parser.isSet(manifests)) {
        if (!manifestSync.start(&error)) {
            std::fprintf(stderr, "k8s-hosts-fake-apiserver: --manifests: %s\n", qPrintable(error));
            return 1;
        }
        seeded += manifestSync.objectCount();
        QObject::connect(&manifestSync, &ManifestSync::synced, [](int applied, int deleted) {
            std::fprintf(stderr,
                         "k8s-hosts-fake-apiserver: manifests changed: %d applied, %d deleted\n",
                         applied, deleted);
        });
        QObject::connect(&manifestSync, &ManifestSync::failed, [](const QString &error) {
            std::fprintf(stderr,
                         "k8s-hosts-fake-apiserver: manifests not reloaded, the cluster is "
                         "unchanged: %s\n",
                         qPrintable(error));
        });
    }
    if (!server.listen(&error)) {
        std::fprintf(stderr, "k8s-hosts-fake-apiserver: %s\n", qPrintable(error));
        return 1;
    }
    if (parser.isSet(kubeconfig)) {
        auto credentials = KubeconfigWriter::Credentials::None;
        if (!options.tokens.isEmpty())
            credentials = KubeconfigWriter::Credentials::Token;
        else if (options.tls)
            credentials = KubeconfigWriter::Credentials::ClientCertificate;
        const KubeconfigWriter writer = server.kubeconfig(credentials, options.tokens.value(0));
        if (!writer.write(parser.value(kubeconfig), &error)) {
            std::fprintf(stderr, "k8s-hosts-fake-apiserver: %s\n", qPrintable(error));
            return 1;
        }
    }
    ChurnDriver churnDriver(&server.cluster(), churnRate, parser.value(seed).toUInt());
    if (churnRate > 0)
        churnDriver.start();

    std::printf("%s\n", qPrintable(server.url().toString()));
    std::fflush(stdout);
    std::fprintf(
        stderr, "k8s-hosts-fake-apiserver: serving %d objects at resourceVersion %llu%s\n", seeded,
        static_cast<unsigned long long>(server.cluster().resourceVersion()),
        parser.isSet(kubeconfig) ? qPrintable(u"; kubeconfig: "_s + parser.value(kubeconfig)) : "");
    return app.exec();
}
