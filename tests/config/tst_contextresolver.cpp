// ContextResolver: what a context resolves to, and the sentence that says why it can't.
#include "core/config/contextresolver.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestContextResolver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void relativePathsResolveAgainstTheNamingFile();
    void bareExecCommandIsLeftForPath();
    void serverUrlDefaults_data();
    void serverUrlDefaults();
    void namespaceDefaultsToDefault();
    void missingUserIsAnonymous();
    void unusableContexts_data();
    void unusableContexts();

private:
    ContextConfig resolve(const ClusterConfig &cluster, const UserConfig &user,
                          bool withCluster = true);
    QTemporaryDir m_dir;
    QString m_origin;
};

void TestContextResolver::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QDir(m_dir.path()).mkpath(QStringLiteral("kube/certs"));
    m_origin = m_dir.filePath(QStringLiteral("kube/config"));
    for (const char *name :
         {"kube/certs/ca.pem", "kube/certs/client.pem", "kube/certs/client.key"}) {
        QFile file(m_dir.filePath(QString::fromLatin1(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray("PEM of ") + name);
    }
}

ContextConfig TestContextResolver::resolve(const ClusterConfig &cluster, const UserConfig &user,
                                           bool withCluster)
{
    NamedEntry<ContextEntry> context{
        QStringLiteral("ctx"), {QStringLiteral("c"), QStringLiteral("u"), QString()}, m_origin};
    std::optional<NamedEntry<ClusterConfig>> c;
    if (withCluster)
        c = NamedEntry<ClusterConfig>{QStringLiteral("c"), cluster, m_origin};
    return ContextResolver::resolve(context, c,
                                    NamedEntry<UserConfig>{QStringLiteral("u"), user, m_origin});
}

void TestContextResolver::relativePathsResolveAgainstTheNamingFile()
{
    ClusterConfig cluster;
    cluster.server = QStringLiteral("https://10.0.0.1:6443");
    cluster.certificateAuthority = QStringLiteral("certs/ca.pem");
    UserConfig user;
    user.clientCertificate = QStringLiteral("certs/client.pem");
    user.clientKey = QStringLiteral("./certs/../certs/client.key");
    user.tokenFile = QStringLiteral("token");
    user.exec.present = true;
    user.exec.command = QStringLiteral("bin/plugin");
    user.exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
    user.exec.interactiveMode = QStringLiteral("Never");
    const ContextConfig context = resolve(cluster, user);
    QVERIFY2(context.isUsable(), qPrintable(context.error));
    const QString kube = m_dir.filePath(QStringLiteral("kube"));
    QCOMPARE(context.cluster.certificateAuthority, kube + QStringLiteral("/certs/ca.pem"));
    QCOMPARE(context.cluster.certificateAuthorityData, QByteArray("PEM of kube/certs/ca.pem"));
    QCOMPARE(context.user.clientCertificateData, QByteArray("PEM of kube/certs/client.pem"));
    QCOMPARE(context.user.clientKey, kube + QStringLiteral("/certs/client.key"));
    QCOMPARE(context.user.clientKeyData, QByteArray("PEM of kube/certs/client.key"));
    QCOMPARE(context.user.tokenFile, kube + QStringLiteral("/token"));
    QCOMPARE(context.user.exec.command, kube + QStringLiteral("/bin/plugin"));
}

void TestContextResolver::bareExecCommandIsLeftForPath()
{
    QCOMPARE(ContextResolver::resolveCommand(QStringLiteral("aws"), m_origin), u"aws"_qs);
    QCOMPARE(ContextResolver::resolveCommand(QStringLiteral("/opt/bin/aws"), m_origin),
             u"/opt/bin/aws"_qs);
    QCOMPARE(ContextResolver::resolvePath(QString(), m_origin), QString());
}

void TestContextResolver::serverUrlDefaults_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QString>("expected");
    QTest::newRow("https kept") << u"https://api.test:6443"_qs << false
                                << u"https://api.test:6443"_qs;
    QTest::newRow("host:port with TLS")
        << u"127.0.0.1:6443"_qs << true << u"https://127.0.0.1:6443"_qs;
    QTest::newRow("host:port plain")
        << u"localhost:8080"_qs << false << u"http://localhost:8080"_qs;
    QTest::newRow("path prefix kept, query dropped")
        << u"https://rancher.test/k8s/clusters/c-1?x=1#f"_qs << false
        << u"https://rancher.test/k8s/clusters/c-1"_qs;
    QTest::newRow("ipv6") << u"https://[::1]:6443"_qs << false << u"https://[::1]:6443"_qs;
}

void TestContextResolver::serverUrlDefaults()
{
    QFETCH(QString, server);
    QFETCH(bool, tls);
    QFETCH(QString, expected);
    ClusterConfig cluster;
    cluster.server = server;
    QString error;
    QCOMPARE(ContextResolver::serverUrl(cluster, tls, &error).toString(), expected);
    QVERIFY(error.isEmpty());
}

void TestContextResolver::namespaceDefaultsToDefault()
{
    ClusterConfig cluster;
    cluster.server = QStringLiteral("https://x");
    QCOMPARE(resolve(cluster, UserConfig()).namespaceName, u"default"_qs);
}

void TestContextResolver::missingUserIsAnonymous()
{
    NamedEntry<ContextEntry> context{
        QStringLiteral("ctx"), {QStringLiteral("c"), QStringLiteral("gone"), QString()}, m_origin};
    ClusterConfig cluster;
    cluster.server = QStringLiteral("https://x");
    const ContextConfig resolved = ContextResolver::resolve(
        context, NamedEntry<ClusterConfig>{QStringLiteral("c"), cluster, m_origin}, std::nullopt);
    QVERIFY2(resolved.isUsable(), qPrintable(resolved.error));
    QCOMPARE(resolved.user, UserConfig());
}

void TestContextResolver::unusableContexts_data()
{
    QTest::addColumn<ClusterConfig>("cluster");
    QTest::addColumn<UserConfig>("user");
    QTest::addColumn<bool>("withCluster");
    QTest::addColumn<QString>("expected");
    ClusterConfig ok;
    ok.server = QStringLiteral("https://10.0.0.1:6443");
    QTest::newRow("missing cluster")
        << ok << UserConfig() << false << u"cluster \"c\" named by context \"ctx\" is not in"_qs;
    QTest::newRow("no server") << ClusterConfig() << UserConfig() << true << u"has no server"_qs;
    ClusterConfig c = ok;
    c.server = QStringLiteral("ftp://x");
    QTest::newRow("not http") << c << UserConfig() << true << u"is not an http(s) URL"_qs;
    c = ok;
    c.certificateAuthority = QStringLiteral("certs/ca.pem");
    c.certificateAuthorityData = "x";
    QTest::newRow("both CA") << c << UserConfig() << true << u"keep only one"_qs;
    c = ok;
    c.certificateAuthorityData = "x";
    c.insecureSkipTlsVerify = true;
    QTest::newRow("CA and insecure") << c << UserConfig() << true << u"insecure-skip-tls-verify"_qs;
    c = ok;
    c.certificateAuthority = QStringLiteral("certs/nope.pem");
    QTest::newRow("CA unreadable") << c << UserConfig() << true << u"cannot be read"_qs;
    c = ok;
    c.proxyUrl = QStringLiteral("ftp://proxy");
    QTest::newRow("bad proxy") << c << UserConfig() << true << u"invalid proxy-url"_qs;
    UserConfig u;
    u.clientCertificateData = "cert";
    QTest::newRow("cert without key") << ok << u << true << u"without its key"_qs;
    u = UserConfig();
    u.token = QStringLiteral("t");
    u.username = QStringLiteral("admin");
    QTest::newRow("token and basic") << ok << u << true << u"more than one authentication"_qs;
    u = UserConfig();
    u.authProviderSet = true;
    u.authProviderName = QStringLiteral("oidc");
    QTest::newRow("auth-provider") << ok << u << true << u"switch to an exec credential plugin"_qs;
    u = UserConfig();
    u.exec.present = true;
    u.exec.command = QStringLiteral("aws");
    u.exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1alpha1");
    QTest::newRow("exec v1alpha1") << ok << u << true << u"is not supported"_qs;
    u.exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
    QTest::newRow("exec v1 without interactiveMode")
        << ok << u << true << u"interactiveMode must be set"_qs;
    u.exec.interactiveMode = QStringLiteral("Sometimes");
    QTest::newRow("exec bad interactiveMode") << ok << u << true << u"is invalid"_qs;
    u.exec.command.clear();
    QTest::newRow("exec without command") << ok << u << true << u"without a command"_qs;
}

void TestContextResolver::unusableContexts()
{
    QFETCH(ClusterConfig, cluster);
    QFETCH(UserConfig, user);
    QFETCH(bool, withCluster);
    QFETCH(QString, expected);
    const ContextConfig context = resolve(cluster, user, withCluster);
    QVERIFY(!context.isUsable());
    QVERIFY2(context.error.contains(expected), qPrintable(context.error));
    QVERIFY2(context.error.contains(u"; "),
             qPrintable(u"the error should say how to fix it: "_qs + context.error));
}

QTEST_GUILESS_MAIN(TestContextResolver)
#include "tst_contextresolver.moc"
