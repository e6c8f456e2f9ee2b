// ContextTransport against a real TLS server: the cluster's CA only, client certificates
// (RSA and EC, traditional and PKCS#8), tls-server-name, insecure-skip-tls-verify, and
// credentials only over https.
#include "core/kube/contexttransport.h"
#include "tests/kube/echoserver.h"
#include "tests/kube/tlsfixture.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslKey>
#include <QTest>

class TestContextTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trustsOnlyTheClusterCa();
    void tlsServerNameOverridesVerification();
    void insecureSkipsVerification();
    void clientCertificates_data();
    void clientCertificates();
    void credentialsOnlyOverHttps();
    void pathPrefixAndHeaders();
    void disableCompression();
    void proxyFromProxyUrl_data();
    void proxyFromProxyUrl();
    void proxyFromEnvironment();
    void badCaIsAnError();

private:
    ContextConfig context(const QString &host, bool withCa = true) const;
    // Performs one GET; returns the network error (NoError on success).
    QNetworkReply::NetworkError get(const ContextTransport &transport, const Credentials &c,
                                    const QString &path = QStringLiteral("/version"));

    TlsFixture m_tls;
    EchoServer m_server;       // TLS, client certificate optional
    EchoServer m_strictServer; // TLS, client certificate required
    EchoServer m_plainServer;  // http
};

void TestContextTransport::initTestCase()
{
    QString error;
    QVERIFY2(m_tls.create(&error), qPrintable(error));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificate(QSslCertificate(m_tls.serverCertPem));
    ssl.setPrivateKey(QSslKey(m_tls.serverKeyPem, QSsl::Rsa));
    ssl.setCaCertificates(QSslCertificate::fromData(m_tls.caPem));
    ssl.setPeerVerifyMode(QSslSocket::QueryPeer);
    QVERIFY(m_server.listen(ssl));
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    QVERIFY(m_strictServer.listen(ssl));
    QVERIFY(m_plainServer.listen());
}

ContextConfig TestContextTransport::context(const QString &host, bool withCa) const
{
    ContextConfig c;
    c.name = QStringLiteral("kind-test");
    c.clusterName = c.name;
    c.cluster.server = QStringLiteral("https://%1:%2").arg(host).arg(m_server.port());
    c.cluster.serverUrl = QUrl(c.cluster.server);
    if (withCa)
        c.cluster.certificateAuthorityData = m_tls.caPem;
    return c;
}

QNetworkReply::NetworkError TestContextTransport::get(const ContextTransport &transport,
                                                      const Credentials &c, const QString &path)
{
    QNetworkAccessManager nam;
    nam.setProxy(transport.proxy());
    QNetworkReply *reply = nam.get(transport.prepareRequest(path, c, 20000));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(30000))
        return QNetworkReply::TimeoutError;
    const QNetworkReply::NetworkError error = reply->error();
    reply->deleteLater();
    return error;
}

void TestContextTransport::trustsOnlyTheClusterCa()
{
    ContextConfig c = context(QStringLiteral("localhost"));
    c.cluster.tlsServerName = QStringLiteral("kubernetes.test");
    QCOMPARE(get(ContextTransport(c), Credentials()), QNetworkReply::NoError);
    c.cluster.certificateAuthorityData = m_tls.otherCaPem;
    QCOMPARE(get(ContextTransport(c), Credentials()), QNetworkReply::SslHandshakeFailedError);
    // Without a CA the system's roots decide, and they do not know our test CA.
    QCOMPARE(get(ContextTransport(context(QStringLiteral("localhost"), false)), Credentials()),
             QNetworkReply::SslHandshakeFailedError);
}

void TestContextTransport::tlsServerNameOverridesVerification()
{
    // The certificate names only kubernetes.test; we connect to 127.0.0.1.
    ContextConfig c = context(QStringLiteral("127.0.0.1"));
    QCOMPARE(get(ContextTransport(c), Credentials()), QNetworkReply::SslHandshakeFailedError);
    c.cluster.tlsServerName = QStringLiteral("kubernetes.test");
    QCOMPARE(get(ContextTransport(c), Credentials()), QNetworkReply::NoError);
    c.cluster.tlsServerName = QStringLiteral("other.test");
    QCOMPARE(get(ContextTransport(c), Credentials()), QNetworkReply::SslHandshakeFailedError);
}

void TestContextTransport::insecureSkipsVerification()
{
    ContextConfig c = context(QStringLiteral("127.0.0.1"), false);
    c.cluster.insecureSkipTlsVerify = true;
    QCOMPARE(get(ContextTransport(c), Credentials()), QNetworkReply::NoError);
}

void TestContextTransport::clientCertificates_data()
{
    QTest::addColumn<QByteArray>("cert");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("commonName");
    QTest::newRow("RSA") << m_tls.rsaClientCertPem << m_tls.rsaClientKeyPem << u"rsa-user"_qs;
    QTest::newRow("RSA PKCS#8") << m_tls.rsaClientCertPem << m_tls.rsaClientPkcs8Pem
                                << u"rsa-user"_qs;
    QTest::newRow("EC") << m_tls.ecClientCertPem << m_tls.ecClientKeyPem << u"ec-user"_qs;
    QTest::newRow("EC PKCS#8") << m_tls.ecClientCertPem << m_tls.ecClientPkcs8Pem << u"ec-user"_qs;
}

void TestContextTransport::clientCertificates()
{
    QFETCH(QByteArray, cert);
    QFETCH(QByteArray, key);
    QFETCH(QString, commonName);
    ContextConfig c = context(QStringLiteral("127.0.0.1"));
    c.cluster.server = QStringLiteral("https://127.0.0.1:%1").arg(m_strictServer.port());
    c.cluster.serverUrl = QUrl(c.cluster.server);
    c.cluster.tlsServerName = QStringLiteral("kubernetes.test");
    const ContextTransport transport(c);
    // Without a certificate the server refuses the handshake.
    QVERIFY(get(transport, Credentials()) != QNetworkReply::NoError);
    Credentials credentials;
    credentials.source = Credentials::Source::ClientCertificate;
    credentials.clientCertificatePem = cert;
    credentials.clientKeyPem = key;
    const qsizetype before = m_strictServer.requests.size();
    QCOMPARE(get(transport, credentials), QNetworkReply::NoError);
    QCOMPARE(m_strictServer.requests.size(), before + 1);
    QCOMPARE(m_strictServer.requests.last().clientCommonName, commonName);
}

void TestContextTransport::credentialsOnlyOverHttps()
{
    Credentials credentials;
    credentials.source = Credentials::Source::Token;
    credentials.bearerToken = "test-bearer-value";
    ContextConfig c = context(QStringLiteral("127.0.0.1"));
    c.cluster.tlsServerName = QStringLiteral("kubernetes.test");
    QCOMPARE(get(ContextTransport(c), credentials), QNetworkReply::NoError);
    QVERIFY(m_server.requests.last().header("Authorization") == "Bearer test-bearer-value");

    ContextConfig plain = c;
    plain.cluster.server = QStringLiteral("http://127.0.0.1:%1").arg(m_plainServer.port());
    plain.cluster.serverUrl = QUrl(plain.cluster.server);
    QCOMPARE(get(ContextTransport(plain), credentials), QNetworkReply::NoError);
    QVERIFY(!m_plainServer.requests.isEmpty());
    QVERIFY(!m_plainServer.requests.last().hasHeader("Authorization"));

    credentials = Credentials();
    credentials.username = QStringLiteral("admin");
    credentials.password = QStringLiteral("pw");
    QCOMPARE(get(ContextTransport(c), credentials), QNetworkReply::NoError);
    QVERIFY(m_server.requests.last().header("Authorization") ==
            "Basic " + QByteArray("admin:pw").toBase64());
}

void TestContextTransport::pathPrefixAndHeaders()
{
    ContextConfig c = context(QStringLiteral("127.0.0.1"));
    c.cluster.tlsServerName = QStringLiteral("kubernetes.test");
    c.cluster.server += QStringLiteral("/k8s/clusters/c-1/");
    c.cluster.serverUrl = QUrl(c.cluster.server);
    const ContextTransport transport(c);
    QCOMPARE(transport.url(QStringLiteral("/api/v1/pods?watch=1")).toString(),
             QStringLiteral("https://127.0.0.1:%1/k8s/clusters/c-1/api/v1/pods?watch=1")
                 .arg(m_server.port()));
    QCOMPARE(get(transport, Credentials(), QStringLiteral("/apis?limit=5")),
             QNetworkReply::NoError);
    const EchoServer::Request &r = m_server.requests.last();
    QCOMPARE(r.path, QByteArray("/k8s/clusters/c-1/apis?limit=5"));
    QCOMPARE(r.header("Accept"), QByteArray("application/json"));
    QVERIFY(r.header("User-Agent").startsWith("k8s-hosts/"));
    QVERIFY(!r.hasHeader("Authorization"));
}

void TestContextTransport::disableCompression()
{
    ContextConfig c = context(QStringLiteral("127.0.0.1"));
    c.cluster.tlsServerName = QStringLiteral("kubernetes.test");
    QCOMPARE(get(ContextTransport(c), Credentials()), QNetworkReply::NoError);
    QVERIFY(m_server.requests.last().header("Accept-Encoding").contains("gzip"));
    c.cluster.disableCompression = true;
    QCOMPARE(get(ContextTransport(c), Credentials()), QNetworkReply::NoError);
    QCOMPARE(m_server.requests.last().header("Accept-Encoding"), QByteArray("identity"));
}

void TestContextTransport::proxyFromProxyUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("error");
    QTest::newRow("http") << u"http://proxy.test:3128"_qs << int(QNetworkProxy::HttpProxy)
                          << u"proxy.test"_qs << 3128 << false;
    QTest::newRow("socks5") << u"socks5://user:pw@127.0.0.1:1080"_qs
                            << int(QNetworkProxy::Socks5Proxy) << u"127.0.0.1"_qs << 1080 << false;
    QTest::newRow("socks5 default port")
        << u"socks5://gw.test"_qs << int(QNetworkProxy::Socks5Proxy) << u"gw.test"_qs << 1080
        << false;
    QTest::newRow("https unsupported")
        << u"https://proxy.test"_qs << int(QNetworkProxy::NoProxy) << QString() << 0 << true;
    QTest::newRow("ftp") << u"ftp://proxy.test"_qs << int(QNetworkProxy::NoProxy) << QString() << 0
                         << true;
}

void TestContextTransport::proxyFromProxyUrl()
{
    QFETCH(QString, url);
    QFETCH(int, type);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, error);
    ContextConfig c = context(QStringLiteral("127.0.0.1"));
    c.cluster.proxyUrl = url;
    const ContextTransport transport(c);
    QCOMPARE(int(transport.proxy().type()), type);
    QCOMPARE(transport.proxy().hostName(), host);
    QCOMPARE(int(transport.proxy().port()), port);
    QCOMPARE(!transport.error().isEmpty(), error);
    QVERIFY(!transport.error().contains(u"pw"));
}

void TestContextTransport::proxyFromEnvironment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("HTTPS_PROXY"), QStringLiteral("http://corp-proxy.test:8080"));
    env.insert(QStringLiteral("NO_PROXY"), QStringLiteral(".internal.test,10.0.0.0/8"));
    ContextConfig c = context(QStringLiteral("api.example.test"));
    QCOMPARE(ContextTransport(c, env).proxy().hostName(), u"corp-proxy.test"_qs);
    c.cluster.serverUrl = QUrl(QStringLiteral("https://k8s.internal.test:6443"));
    QCOMPARE(ContextTransport(c, env).proxy().type(), QNetworkProxy::NoProxy);
    c.cluster.serverUrl = QUrl(QStringLiteral("https://10.1.2.3:6443"));
    QCOMPARE(ContextTransport(c, env).proxy().type(), QNetworkProxy::NoProxy);
    c.cluster.serverUrl = QUrl(QStringLiteral("https://127.0.0.1:6443"));
    QCOMPARE(ContextTransport(c, env).proxy().type(), QNetworkProxy::NoProxy);
}

void TestContextTransport::badCaIsAnError()
{
    ContextConfig c = context(QStringLiteral("127.0.0.1"));
    c.cluster.certificateAuthorityData = "not a certificate";
    QVERIFY(ContextTransport(c).error().contains(u"holds no PEM certificate"));
}

QTEST_GUILESS_MAIN(TestContextTransport)
#include "tst_contexttransport.moc"
