// The fake API server over HTTP: discovery, GET, paged LIST, selectors, authentication,
// injected request faults, keep-alive and restarts. Watches: tst_fakeapiserverwatch.
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"
#include "tests/support/seedworkload.h"
#include "tests/support/testtls.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;

class TestFakeApiServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void discovery_data();
    void discovery();
    void listShapes();
    void getOneObject();
    void pagingKeepsOneSnapshotWhileTheClusterChanges();
    void expiredContinueToken();
    void continueRules();
    void selectors_data();
    void selectors();
    void bearerTokens();
    void clientCertificates_data();
    void clientCertificates();
    void injectedFailures_data();
    void injectedFailures();
    void slowResponsesAnswerLater();
    void keepAliveAndPipelining();
    void malformedRequestGets400();
    void stopAndRestartListening();

private:
    struct Response
    {
        bool finished = false;
        int status = 0;
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QByteArray body;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    void start(const FakeApiServer::Options &options = {});
    QNetworkRequest request(const QString &pathAndQuery) const;
    Response get(const QNetworkRequest &request);
    Response get(const QString &pathAndQuery) { return get(request(pathAndQuery)); }

    std::unique_ptr<FakeApiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestFakeApiServer::init()
{
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestFakeApiServer::cleanup()
{
    m_network.reset();
    m_server.reset();
}

void TestFakeApiServer::start(const FakeApiServer::Options &options)
{
    m_server = std::make_unique<FakeApiServer>(options);
    QString error;
    QVERIFY2(m_server->listen(&error), qPrintable(error));
    SeedWorkload workload;
    workload.namespaces = 3;
    workload.ingressesPerNamespace = 4;
    workload.servicesPerNamespace = 1;
    workload.routesPerNamespace = 1;
    workload.populate(m_server->cluster());
}

QNetworkRequest TestFakeApiServer::request(const QString &pathAndQuery) const
{
    QNetworkRequest request(QUrl(m_server->url().toString() + pathAndQuery));
    if (m_server->options().tls)
        request.setSslConfiguration(TestTls::clientConfiguration());
    request.setRawHeader("Accept", "application/json");
    return request;
}

TestFakeApiServer::Response TestFakeApiServer::get(const QNetworkRequest &request)
{
    std::unique_ptr<QNetworkReply> reply(m_network->get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    Response response;
    response.finished = finished.wait(30000);
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.error = reply->error();
    response.body = reply->readAll();
    return response;
}

void TestFakeApiServer::discovery_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("mustContain");

    QTest::newRow("version") << u"/version"_s << 200 << QString() << u"v1.32.4"_s;
    QTest::newRow("api") << u"/api"_s << 200 << u"APIVersions"_s << u"\"v1\""_s;
    QTest::newRow("apis") << u"/apis"_s << 200 << u"APIGroupList"_s
                          << u"gateway.networking.k8s.io/v1"_s;
    QTest::newRow("core v1") << u"/api/v1"_s << 200 << u"APIResourceList"_s
                             << u"\"name\":\"services\""_s;
    QTest::newRow("networking v1") << u"/apis/networking.k8s.io/v1"_s << 200 << u"APIResourceList"_s
                                   << u"\"name\":\"ingresses\""_s;
    QTest::newRow("gateway group")
        << u"/apis/gateway.networking.k8s.io"_s << 200 << u"APIGroup"_s << u"preferredVersion"_s;
    QTest::newRow("gateway v1") << u"/apis/gateway.networking.k8s.io/v1"_s << 200
                                << u"APIResourceList"_s << u"\"name\":\"httproutes\""_s;
    QTest::newRow("unknown group")
        << u"/apis/example.com/v1"_s << 404 << u"Status"_s << u"\"reason\":\"NotFound\""_s;
    QTest::newRow("unknown version") << u"/api/v2"_s << 404 << u"Status"_s << u"\"code\":404"_s;
    QTest::newRow("openapi is not served")
        << u"/openapi/v2"_s << 404 << u"Status"_s << u"NotFound"_s;
    QTest::newRow("healthz") << u"/healthz"_s << 200 << QString() << u"ok"_s;
}

void TestFakeApiServer::discovery()
{
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, kind);
    QFETCH(QString, mustContain);
    start();
    const Response response = get(path);
    QVERIFY(response.finished);
    QCOMPARE(response.status, status);
    if (!kind.isEmpty())
        QCOMPARE(response.json().value(u"kind").toString(), kind);
    QVERIFY2(response.body.contains(mustContain.toUtf8()), response.body.constData());
}

void TestFakeApiServer::listShapes()
{
    start();
    const Response all = get(u"/apis/networking.k8s.io/v1/ingresses"_s);
    QCOMPARE(all.status, 200);
    const QJsonObject list = all.json();
    QCOMPARE(list.value(u"kind").toString(), u"IngressList"_s);
    QCOMPARE(list.value(u"apiVersion").toString(), u"networking.k8s.io/v1"_s);
    QCOMPARE(list.value(u"metadata").toObject().value(u"resourceVersion").toString(),
             QString::number(m_server->cluster().resourceVersion()));
    QVERIFY(!list.value(u"metadata").toObject().contains(u"continue"));
    QCOMPARE(list.value(u"items").toArray().size(), 12);
    // Sorted by namespace, then name, as etcd keys are.
    QCOMPARE(list.value(u"items")
                 .toArray()
                 .first()
                 .toObject()
                 .value(u"metadata")
                 .toObject()
                 .value(u"namespace"),
             u"ns-0001"_s);

    const Response namespaced = get(u"/apis/networking.k8s.io/v1/namespaces/ns-0002/ingresses"_s);
    const QJsonArray items = namespaced.json().value(u"items").toArray();
    QCOMPARE(items.size(), 4);
    for (const QJsonValue &item : items)
        QCOMPARE(item.toObject().value(u"metadata").toObject().value(u"namespace"), u"ns-0002"_s);

    // An empty list has "items": [], never null.
    const Response empty = get(u"/apis/networking.k8s.io/v1/namespaces/nowhere/ingresses"_s);
    QCOMPARE(empty.status, 200);
    QVERIFY(empty.json().value(u"items").isArray());
    QVERIFY(empty.body.contains("\"items\":[]"));

    const Response namespaces = get(u"/api/v1/namespaces"_s);
    QCOMPARE(namespaces.json().value(u"kind").toString(), u"NamespaceList"_s);
    QCOMPARE(namespaces.json().value(u"items").toArray().size(), 3);
    // A cluster-scoped kind has no namespaced URL.
    QCOMPARE(get(u"/api/v1/namespaces/ns-0001/namespaces"_s).status, 404);
}

void TestFakeApiServer::getOneObject()
{
    start();
    const Response found =
        get(u"/apis/gateway.networking.k8s.io/v1/namespaces/ns-0003/gateways/gw"_s);
    QCOMPARE(found.status, 200);
    QCOMPARE(found.json(),
             *m_server->cluster().object(ResourceKind::Gateway, u"ns-0003"_s, u"gw"_s));
    QCOMPARE(get(u"/api/v1/namespaces/ns-0001"_s).json().value(u"kind").toString(), u"Namespace"_s);

    const Response missing = get(u"/apis/networking.k8s.io/v1/namespaces/ns-0001/ingresses/nope"_s);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json().value(u"kind").toString(), u"Status"_s);
    QCOMPARE(missing.json().value(u"code").toInt(), 404);
    QCOMPARE(missing.json().value(u"message").toString(), u"ingresses \"nope\" not found"_s);
}

void TestFakeApiServer::pagingKeepsOneSnapshotWhileTheClusterChanges()
{
    start();
    FakeCluster &cluster = m_server->cluster();
    const QList<QJsonObject> before = cluster.objects(ResourceKind::Ingress);
    const QString listVersion = QString::number(cluster.resourceVersion());

    QList<QJsonObject> seen;
    QString token;
    int pages = 0;
    do {
        const Response page = get(u"/apis/networking.k8s.io/v1/ingresses?limit=5"_s +
                                  (token.isEmpty() ? QString() : u"&continue="_s + token));
        QCOMPARE(page.status, 200);
        const QJsonObject metadata = page.json().value(u"metadata").toObject();
        QCOMPARE(metadata.value(u"resourceVersion").toString(), listVersion);
        for (const QJsonValue &item : page.json().value(u"items").toArray())
            seen << item.toObject();
        token = metadata.value(u"continue").toString();
        if (!token.isEmpty())
            QCOMPARE(metadata.value(u"remainingItemCount").toInteger(), 12 - 5 * (pages + 1));
        // Writes between pages do not show up in this list.
        cluster.remove(ResourceKind::Ingress, u"ns-0003"_s, u"ing-000%1"_s.arg(pages + 1));
        cluster.create(ResourceKind::Ingress,
                       KubeObjects::ingress(u"ns-0001"_s, u"new-%1"_s.arg(pages), {}));
        ++pages;
    } while (!token.isEmpty());
    QCOMPARE(pages, 3);
    QCOMPARE(seen, before);
    QCOMPARE(m_server->pager().openSnapshots(), 0);
}

void TestFakeApiServer::expiredContinueToken()
{
    start();
    const Response first = get(u"/apis/networking.k8s.io/v1/ingresses?limit=5"_s);
    const QString token = first.json().value(u"metadata").toObject().value(u"continue").toString();
    QVERIFY(!token.isEmpty());
    m_server->pager().expireTokens();
    const Response expired =
        get(u"/apis/networking.k8s.io/v1/ingresses?limit=5&continue="_s + token);
    QCOMPARE(expired.status, 410);
    QCOMPARE(expired.json().value(u"reason").toString(), u"Expired"_s);
    QCOMPARE(expired.json().value(u"code").toInt(), 410);
    QVERIFY(expired.json()
                .value(u"message")
                .toString()
                .startsWith(u"The provided continue parameter is too old"_s));

    // Compaction past the snapshot expires tokens too.
    const Response again = get(u"/apis/networking.k8s.io/v1/ingresses?limit=5"_s);
    const QString second = again.json().value(u"metadata").toObject().value(u"continue").toString();
    m_server->cluster().create(ResourceKind::Namespace, KubeObjects::namespaceObject(u"x"_s));
    m_server->cluster().compact();
    QCOMPARE(get(u"/apis/networking.k8s.io/v1/ingresses?limit=5&continue="_s + second).status, 410);
    QCOMPARE(get(u"/apis/networking.k8s.io/v1/ingresses?limit=5&continue=bm90LWpzb24"_s).status,
             400);
}

void TestFakeApiServer::continueRules()
{
    start();
    const Response first = get(u"/apis/networking.k8s.io/v1/ingresses?limit=5"_s);
    const QString token = first.json().value(u"metadata").toObject().value(u"continue").toString();
    QCOMPARE(get(u"/apis/networking.k8s.io/v1/ingresses?limit=5&resourceVersionMatch=NotOlderThan"
                 "&continue="_s +
                 token)
                 .status,
             422);
    QCOMPARE(get(u"/apis/networking.k8s.io/v1/ingresses?limit=5&resourceVersion=1001&continue="_s +
                 token)
                 .status,
             400);
    const quint64 now = m_server->cluster().resourceVersion();
    QCOMPARE(get(u"/apis/networking.k8s.io/v1/ingresses?resourceVersion=%1"_s.arg(now + 5)).status,
             504);
    QCOMPARE(get(u"/apis/networking.k8s.io/v1/ingresses?resourceVersion=0"_s).status, 200);
    QCOMPARE(get(u"/apis/networking.k8s.io/v1/ingresses?resourceVersion=%1&resourceVersionMatch="
                 "Exact"_s.arg(now - 3))
                 .status,
             410);
}

void TestFakeApiServer::selectors_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("items");

    QTest::newRow("name") << u"fieldSelector=metadata.name%3Ding-0002"_s << 200 << 3;
    QTest::newRow("name and namespace")
        << u"fieldSelector=metadata.name%3Ding-0002,metadata.namespace%3Dns-0001"_s << 200 << 1;
    QTest::newRow("name not equal") << u"fieldSelector=metadata.name!%3Ding-0002"_s << 200 << 9;
    QTest::newRow("label equals") << u"labelSelector=tier%3Dweb"_s << 200 << 1;
    QTest::newRow("label exists") << u"labelSelector=tier"_s << 200 << 1;
    QTest::newRow("label absent") << u"labelSelector=!tier"_s << 200 << 11;
    QTest::newRow("label not equal") << u"labelSelector=tier!%3Dweb"_s << 200 << 11;
    QTest::newRow("unknown field") << u"fieldSelector=spec.ingressClassName%3Dx"_s << 400 << 0;
    QTest::newRow("set-based labels") << u"labelSelector=tier+in+(web)"_s << 400 << 0;
}

void TestFakeApiServer::selectors()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(int, items);
    start();
    QJsonObject labelled =
        *m_server->cluster().object(ResourceKind::Ingress, u"ns-0002"_s, u"ing-0004"_s);
    QJsonObject metadata = labelled.value(u"metadata").toObject();
    metadata.insert(u"labels", QJsonObject{{u"tier"_s, u"web"_s}});
    labelled.insert(u"metadata", metadata);
    QVERIFY(m_server->cluster().update(ResourceKind::Ingress, labelled));

    const Response response = get(u"/apis/networking.k8s.io/v1/ingresses?"_s + query);
    QCOMPARE(response.status, status);
    if (status == 200)
        QCOMPARE(response.json().value(u"items").toArray().size(), items);
    else
        QCOMPARE(response.json().value(u"kind").toString(), u"Status"_s);
}

void TestFakeApiServer::bearerTokens()
{
    FakeApiServer::Options options;
    options.tls = true;
    options.tokens = {u"first-token"_s, u"second-token"_s};
    options.allowAnonymous = false;
    start(options);
    const QString path = u"/api/v1/namespaces"_s;

    const Response anonymous = get(path);
    QCOMPARE(anonymous.status, 401);
    QCOMPARE(anonymous.json().value(u"reason").toString(), u"Unauthorized"_s);

    QNetworkRequest withToken = request(path);
    withToken.setRawHeader("Authorization", "Bearer second-token");
    QCOMPARE(get(withToken).status, 200);
    QCOMPARE(m_server->requests().constLast().user, u"token-user-2"_s);

    QNetworkRequest wrong = request(path);
    wrong.setRawHeader("Authorization", "Bearer not-a-token");
    QCOMPARE(get(wrong).status, 401);

    // Rotation: the old token stops working on the same keep-alive connection.
    m_server->setTokens({u"third-token"_s});
    QCOMPARE(get(withToken).status, 401);
    withToken.setRawHeader("Authorization", "Bearer third-token");
    QCOMPARE(get(withToken).status, 200);

    // A wrong token is refused even where anonymous requests are allowed.
    m_server->setAllowAnonymous(true);
    QCOMPARE(get(path).status, 200);
    QCOMPARE(get(wrong).status, 401);
}

void TestFakeApiServer::clientCertificates_data()
{
    QTest::addColumn<QByteArray>("certificate");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("user");

    QTest::newRow("trusted") << TestTls::clientCertificatePem() << TestTls::clientKeyPem() << 200
                             << u"test-admin"_s;
    QTest::newRow("untrusted CA") << TestTls::rogueClientCertificatePem()
                                  << TestTls::rogueClientKeyPem() << 401 << QString();
    QTest::newRow("none") << QByteArray() << QByteArray() << 401 << u"system:anonymous"_s;
}

void TestFakeApiServer::clientCertificates()
{
    QFETCH(QByteArray, certificate);
    QFETCH(QByteArray, key);
    QFETCH(int, status);
    QFETCH(QString, user);
    FakeApiServer::Options options;
    options.tls = true;
    options.allowAnonymous = false;
    start(options);

    QNetworkRequest withCertificate = request(u"/apis/networking.k8s.io/v1/ingresses"_s);
    QSslConfiguration config = withCertificate.sslConfiguration();
    if (!certificate.isEmpty()) {
        config.setLocalCertificate(QSslCertificate(certificate));
        config.setPrivateKey(QSslKey(key, QSsl::Ec));
    }
    withCertificate.setSslConfiguration(config);
    const Response response = get(withCertificate);
    QVERIFY(response.finished);
    QCOMPARE(response.status, status);
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().constFirst().user, user);
}

void TestFakeApiServer::injectedFailures_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("message");

    QTest::newRow("401") << 401 << u"Unauthorized"_s << u"Unauthorized"_s;
    QTest::newRow("403")
        << 403 << u"Forbidden"_s
        << u"ingresses is forbidden: User \"system:anonymous\" cannot list resource \"ingresses\" "
           "in API group \"networking.k8s.io\" at the cluster scope"_s;
    QTest::newRow("429") << 429 << u"TooManyRequests"_s
                         << u"Too many requests, please try again later."_s;
    QTest::newRow("500") << 500 << u"InternalError"_s
                         << u"Internal error occurred: a fault injected by the test API server "
                            "(HTTP 500)"_s;
    QTest::newRow("503") << 503 << u"ServiceUnavailable"_s
                         << u"Internal error occurred: a fault injected by the test API server "
                            "(HTTP 503)"_s;
}

void TestFakeApiServer::injectedFailures()
{
    QFETCH(int, status);
    QFETCH(QString, reason);
    QFETCH(QString, message);
    start();
    m_server->faults().failRequests(u"^/apis/networking\\.k8s\\.io/v1/ingresses$"_s, status, 2,
                                    FaultPlan::Request::List);
    for (int i = 0; i < 2; ++i) {
        const Response failed = get(u"/apis/networking.k8s.io/v1/ingresses"_s);
        QCOMPARE(failed.status, status);
        QCOMPARE(failed.json().value(u"kind").toString(), u"Status"_s);
        QCOMPARE(failed.json().value(u"code").toInt(), status);
        QCOMPARE(failed.json().value(u"reason").toString(), reason);
        QCOMPARE(failed.json().value(u"message").toString(), message);
        // Other paths and other kinds of request are not affected.
        QCOMPARE(get(u"/apis/networking.k8s.io/v1/namespaces/ns-0001/ingresses"_s).status, 200);
        QCOMPARE(get(u"/apis/networking.k8s.io/v1"_s).status, 200);
    }
    QCOMPARE(get(u"/apis/networking.k8s.io/v1/ingresses"_s).status, 200); // used up
}

void TestFakeApiServer::slowResponsesAnswerLater()
{
    start();
    m_server->faults().delayRequests(u"/namespaces$"_s, std::chrono::milliseconds(1500), 1);
    // The slow request is answered after a quick one that was sent later.
    std::unique_ptr<QNetworkReply> slow(m_network->get(request(u"/api/v1/namespaces"_s)));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 1, 10000);
    const Response quick = get(u"/version"_s);
    QCOMPARE(quick.status, 200);
    QVERIFY(!slow->isFinished());
    QTRY_VERIFY_WITH_TIMEOUT(slow->isFinished(), 10000);
    QCOMPARE(slow->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(m_server->requests().constLast().path, u"/api/v1/namespaces"_s);
}

void TestFakeApiServer::keepAliveAndPipelining()
{
    start();
    for (int i = 0; i < 5; ++i)
        QCOMPARE(get(u"/api/v1/namespaces"_s).status, 200);
    QCOMPARE(m_server->openConnections(), 1);

    // Two requests in one write: two responses, in order, on the same connection.
    QTcpSocket socket;
    socket.connectToHost(m_server->url().host(), m_server->port());
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
    socket.write("GET /version HTTP/1.1\r\nHost: x\r\n\r\n"
                 "GET /api/v1/namespaces/ns-0001 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    QVERIFY(closed.wait(10000));
    const qsizetype first = received.indexOf("HTTP/1.1 200 OK");
    const qsizetype second = received.indexOf("HTTP/1.1 200 OK", first + 1);
    QVERIFY2(first == 0 && second > 0, received.constData());
    QVERIFY(received.indexOf("gitVersion") < second);
    QVERIFY(received.indexOf("\"kind\":\"Namespace\"") > second);
    QVERIFY(received.contains("Connection: close"));
}

void TestFakeApiServer::malformedRequestGets400()
{
    start();
    QTcpSocket socket;
    socket.connectToHost(m_server->url().host(), m_server->port());
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
    socket.write("this is not http\r\n\r\n");
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    QVERIFY(closed.wait(10000));
    QVERIFY2(received.startsWith("HTTP/1.1 400 "), received.constData());

    const Response post = [&] {
        QNetworkRequest post = request(u"/api/v1/namespaces"_s);
        post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        std::unique_ptr<QNetworkReply> reply(m_network->post(post, QByteArray("{}")));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        Response response;
        response.finished = finished.wait(10000);
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        return response;
    }();
    QCOMPARE(post.status, 405);
}

void TestFakeApiServer::stopAndRestartListening()
{
    start();
    const quint16 port = m_server->port();
    QCOMPARE(get(u"/version"_s).status, 200);
    m_server->stopListening();
    QVERIFY(!m_server->isListening());
    QCOMPARE(m_server->openConnections(), 0);
    const Response refused = get(u"/version"_s);
    QVERIFY(refused.finished);
    QCOMPARE(refused.error, QNetworkReply::ConnectionRefusedError);

    QString error;
    QVERIFY2(m_server->listen(&error), qPrintable(error));
    QCOMPARE(m_server->port(), port);
    QCOMPARE(get(u"/version"_s).status, 200);
}

QTEST_GUILESS_MAIN(TestFakeApiServer)
#include "tst_fakeapiserver.moc"
