// A context made live end to end: kubeconfig → transport and credentials → session, against
// the fake API server over TLS. Token rotation through an exec plugin (401 → one refresh),
// the 403 per-namespace fallback, load balancers' DNS names, and a kubeconfig rewritten
// under a running Workspace.
#include "core/config/kubeconfig.h"
#include "core/kube/credentialprovider.h"
#include "core/sync/contextconnection.h"
#include "core/sync/namecache.h"
#include "core/sync/workspace.h"
#include "tests/support/directpublishers.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

QStringList hostsOf(const HostMappings &mappings)
{
    QStringList out;
    for (const HostMapping &m : mappings) {
        if (m.state == MappingState::Active)
            out << m.host + u'=' + m.address;
    }
    out.sort();
    return out;
}

void writeFile(const QString &path, const QByteArray &content, QFile::Permissions permissions = {})
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    if (permissions)
        file.setPermissions(permissions);
}

ContextConfig contextFrom(const QString &kubeconfigPath)
{
    KubeconfigSources sources;
    sources.explicitPath = kubeconfigPath;
    const Kubeconfig kubeconfig = Kubeconfig::load(sources);
    return kubeconfig.contexts().value(0);
}

ContextSession::Options fastOptions()
{
    ContextSession::Options o;
    o.reflector.backoffMinMs = 10;
    o.reflector.backoffMaxMs = 100;
    o.reflector.requestTimeoutMs = 3000;
    o.discoveryRetryMs = 50;
    return o;
}

} // namespace

class TestContextConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void execPluginTokenRotatesOn401();
    void forbiddenClusterWideFallsBackToNamespaces();
    void loadBalancerNamesAreLookedUp();
    void workspaceFollowsKubeconfigRewrites();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestContextConnection::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

void TestContextConnection::execPluginTokenRotatesOn401()
{
    FakeApiServer::Options options;
    options.tls = true;
    options.tokens = {u"token-one"_qs};
    options.allowAnonymous = false;
    FakeApiServer server(options);
    QVERIFY(server.listen());
    server.cluster().create(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"a"_qs, u"web"_qs, {u"web.local"_qs}, u"10.0.0.1"_qs));

    // The plugin prints whatever token the "identity provider" (a file) currently hands out.
    const QString tokenFile = m_dir->filePath(u"current-token"_qs);
    writeFile(tokenFile, "token-one");
    const QString plugin = m_dir->filePath(u"plugin.sh"_qs);
    writeFile(
        plugin,
        "#!/bin/sh\necho run >> '" + QFile::encodeName(m_dir->filePath(u"runs"_qs)) +
            "'\nprintf "
            "'{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
            "\"status\":{\"token\":\"%s\"}}' \"$(cat '" +
            QFile::encodeName(tokenFile) + "')\"\n",
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QByteArray yaml = server.kubeconfig().render();
    yaml.replace("  user: {}\n",
                 "  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                 "      command: " +
                     QFile::encodeName(plugin) + "\n      interactiveMode: Never\n");
    const QString kubeconfigPath = m_dir->filePath(u"kubeconfig"_qs);
    writeFile(kubeconfigPath, yaml);
    const ContextConfig config = contextFrom(kubeconfigPath);
    QVERIFY2(config.isUsable(), qPrintable(config.error));

    ContextConnection connection(config, nullptr, allSources(), {}, fastOptions());
    connection.credentials()->setUseLoginShellPath(false);
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(hostsOf(connection.session()->mappings()),
                              QStringList{u"web.local=10.0.0.1"_qs}, 15000);

    // The token expires server-side; the provider hands out a new one.
    writeFile(tokenFile, "token-two");
    server.setTokens({u"token-two"_qs});
    server.dropConnections();
    server.cluster().create(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"a"_qs, u"api"_qs, {u"api.local"_qs}, u"10.0.0.2"_qs));
    QTRY_COMPARE_WITH_TIMEOUT(hostsOf(connection.session()->mappings()),
                              (QStringList{u"api.local=10.0.0.2"_qs, u"web.local=10.0.0.1"_qs}),
                              15000);
    QVERIFY(connection.error().isEmpty());
    QFile runs(m_dir->filePath(u"runs"_qs));
    QVERIFY(runs.open(QIODevice::ReadOnly));
    QCOMPARE(runs.readAll().count('\n'), 2); // once at start, once after the 401
}

void TestContextConnection::forbiddenClusterWideFallsBackToNamespaces()
{
    FakeApiServer server;
    QVERIFY(server.listen());
    for (const QString &ns : {u"a"_qs, u"b"_qs, u"c"_qs})
        server.cluster().create(
            ResourceKind::Ingress,
            KubeObjects::ingress(ns, u"web"_qs, {u"web."_qs + ns + u".local"_qs}, u"10.0.0.1"_qs));
    server.faults().failRequests(u"^/apis/networking.k8s.io/v1/ingresses$"_qs, 403);
    server.faults().failRequests(u"^/api/v1/namespaces$"_qs, 403);
    const QString kubeconfigPath = m_dir->filePath(u"kubeconfig"_qs);
    QString error;
    QVERIFY(server.kubeconfig().write(kubeconfigPath, &error));

    ContextConnection connection(contextFrom(kubeconfigPath), nullptr, Sources(Source::Ingress),
                                 {false, {u"a"_qs}}, fastOptions());
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(hostsOf(connection.session()->mappings()),
                              QStringList{u"web.a.local=10.0.0.1"_qs}, 15000);
    QTRY_VERIFY(connection.session()->isSynced());
    QCOMPARE(connection.session()->namespaces(),
             QStringList{u"a"_qs}); // may not list them: the selection
    connection.session()->setNamespaceSelection({false, {u"a"_qs, u"c"_qs}});
    QTRY_COMPARE_WITH_TIMEOUT(hostsOf(connection.session()->mappings()),
                              (QStringList{u"web.a.local=10.0.0.1"_qs, u"web.c.local=10.0.0.1"_qs}),
                              15000);
    bool watchedC = false;
    for (const RequestRecord &r : server.requests())
        watchedC = watchedC || r.path == u"/apis/networking.k8s.io/v1/namespaces/c/ingresses";
    QVERIFY(watchedC);
    connection.session()->setNamespaceSelection({false, {u"c"_qs}});
    QTRY_COMPARE_WITH_TIMEOUT(hostsOf(connection.session()->mappings()),
                              QStringList{u"web.c.local=10.0.0.1"_qs}, 15000);
}

void TestContextConnection::loadBalancerNamesAreLookedUp()
{
    int lookups = 0;
    QString answer = u"10.9.0.1"_qs;
    NameCache cache([&](const QString &name, std::function<void(const QStringList &, bool)> done) {
        ++lookups;
        QTimer::singleShot(1, [=] {
            done(name == u"lb.example.com" ? QStringList{answer} : QStringList{},
                 name == u"lb.example.com");
        });
    });
    QSignalSpy resolved(&cache, &NameCache::resolved);
    QCOMPARE(cache.resolve(u"lb.example.com"_qs).status, NameResolution::Pending);
    QVERIFY(resolved.wait(1000));
    QCOMPARE(cache.resolve(u"lb.example.com"_qs).addresses, QStringList{u"10.9.0.1"_qs});
    QCOMPARE(lookups, 1);
    cache.resolve(u"gone.example.com"_qs);
    QVERIFY(resolved.wait(1000));
    QCOMPARE(cache.resolve(u"gone.example.com"_qs).status, NameResolution::Failed);
    // An old answer is served while it is looked up again; a change is announced.
    cache.setMaxAgeMs(0);
    answer = u"10.9.0.2"_qs;
    QTest::qWait(2);
    QCOMPARE(cache.resolve(u"lb.example.com"_qs).addresses, QStringList{u"10.9.0.1"_qs});
    QVERIFY(resolved.wait(1000));
    cache.setMaxAgeMs(60000);
    QCOMPARE(cache.resolve(u"lb.example.com"_qs).addresses, QStringList{u"10.9.0.2"_qs});
    cache.retain({});
    QCOMPARE(cache.resolve(u"lb.example.com"_qs).status, NameResolution::Pending);
}

void TestContextConnection::workspaceFollowsKubeconfigRewrites()
{
    FakeApiServer first;
    FakeApiServer second;
    QVERIFY(first.listen() && second.listen());
    first.cluster().create(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"a"_qs, u"one"_qs, {u"one.local"_qs}, u"10.0.0.1"_qs));
    second.cluster().create(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"a"_qs, u"two"_qs, {u"two.local"_qs}, u"10.0.0.2"_qs));
    const QString kubeconfigPath = m_dir->filePath(u"kubeconfig"_qs);
    QString error;
    QVERIFY(first.kubeconfig().write(kubeconfigPath, &error));
    const QString hostsPath = m_dir->filePath(u"hosts"_qs);
    writeFile(hostsPath, "127.0.0.1 localhost\n");

    Workspace::Options options;
    options.kubeconfig.explicitPath = kubeconfigPath;
    options.engine.marker = u"K8S-HOSTS"_qs;
    options.engine.hostsFile = hostsPath;
    options.session = fastOptions();
    options.useKeychain = false;
    Workspace workspace(directPublishers(hostsPath), options);
    QVERIFY2(workspace.load(&error), qPrintable(error));
    workspace.enableContext(workspace.currentContext());
    const auto hostsFile = [&] {
        QFile f(hostsPath);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    QTRY_VERIFY_WITH_TIMEOUT(hostsFile().contains("10.0.0.1 one.local"), 15000);

    // kind or `kubectl config` rewrites the file (by rename): the context now points elsewhere.
    const QString temp = kubeconfigPath + u".new"_qs;
    QVERIFY(second.kubeconfig().write(temp, &error));
    QVERIFY(QFile::remove(kubeconfigPath) && QFile::rename(temp, kubeconfigPath));
    QTRY_VERIFY_WITH_TIMEOUT(
        hostsFile().contains("10.0.0.2 two.local") && !hostsFile().contains("one.local"), 15000);
}

QTEST_GUILESS_MAIN(TestContextConnection)
#include "tst_contextconnection.moc"
