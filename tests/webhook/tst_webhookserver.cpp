// WebhookServer asked exactly as ExternalDNS's webhook client asks (kubernetes-sigs/
// external-dns provider/webhook/webhook.go): GET / with Accept, GET /records with Accept,
// POST /records with Content-Type only, POST /adjustendpoints with both, the media type
// string exact, the bodies as Go's json.Encoder writes them (trailing newline). Every
// endpoint, and each way a call is refused.
#include "core/webhook/webhookserver.h"
#include "core/webhook/webhookservice.h"
#include "core/webhook/webhooksource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QByteArray mediaType = "application/external.dns.webhook+json;version=1";

const QByteArray goChanges =
    R"({"create":[{"dnsName":"app.apps.test","targets":["192.168.122.10"],"recordType":"A",)"
    R"("labels":{"owner":"default","resource":"ingress/default/app"}},)"
    // (not a raw string: moc 6.4 loses its way on \" inside one)
    "{\"dnsName\":\"a-app.apps.test\",\"targets\":[\"\\\"heritage=external-dns,external-dns/"
    "owner=default,external-dns/resource=ingress/default/app\\\"\"],\"recordType\":\"TXT\"}]}"
    "\n";
const QByteArray goEndpoints =
    R"([{"dnsName":"app.apps.test","targets":["192.168.122.10"],"recordType":"A"}])"
    "\n";
const QString secret = u"0123456789abcdef0123456789abcdef"_qs;

QStringList g_log;
QtMessageHandler g_previous = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_log.append(message);
    if (g_previous)
        g_previous(type, context, message);
}

struct Response
{
    int status = 0;
    QByteArray contentType;
    QByteArray body;
};

} // namespace

class TestWebhookServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void negotiates();
    void appliesWith204AndListsVerbatim();
    void adjustEndpointsReturnsThemUnchanged();
    void healthz();
    void wrongMediaTypeIs415();
    void malformedJsonIs400();
    void oversizedBodyIs413();
    void callerOutsideTheAllowListIs403();
    void pathSecretIsACapability();
    void wrongMethodsAndPaths();
    void storageFailureIs500();
    void healthOnlyServer();
    void flagValues();

private:
    void serve(WebhookServer::Options options, const QString &stateFile = {});
    Response call(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                  const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Response get(const QString &path) { return call("GET", path, {}, {{"Accept", mediaType}}); }
    Response post(const QString &path, const QByteArray &body)
    {
        return call("POST", path, body, {{"Content-Type", mediaType}});
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<WebhookSource> m_source;
    WebhookServer *m_server = nullptr; // child of m_source
    quint16 m_port = 0;
    QNetworkAccessManager m_nam;
};

void TestWebhookServer::initTestCase()
{
    g_previous = qInstallMessageHandler(capture);
}

void TestWebhookServer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    g_log.clear();
    serve({{QHostAddress::parseSubnet(u"127.0.0.0/8"_qs)}, {}});
}

void TestWebhookServer::cleanup()
{
    m_source.reset();
    m_dir.reset();
    // The secret never reaches a log line, whatever the test did.
    for (const QString &line : std::as_const(g_log))
        QVERIFY2(!line.contains(secret), qPrintable(line));
}

void TestWebhookServer::serve(WebhookServer::Options options, const QString &stateFile)
{
    m_source = std::make_unique<WebhookSource>(
        u"127.0.0.1:8888"_qs, stateFile.isEmpty() ? m_dir->filePath(u"state.json"_qs) : stateFile,
        WebhookDomainFilter{{u"apps.test"_qs}, {}});
    m_server = new WebhookServer(m_source.get(), std::move(options), m_source.get());
    auto *tcp = new QTcpServer(m_server);
    QVERIFY(tcp->listen(QHostAddress::LocalHost, 0));
    m_server->bind(tcp);
    m_port = tcp->serverPort();
}

Response TestWebhookServer::call(const QByteArray &verb, const QString &path,
                                 const QByteArray &body,
                                 const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_qs.arg(m_port).arg(path)));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_nam.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        qWarning("no answer to %s %s", verb.constData(), qPrintable(path));
    Response r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
               reply->rawHeader("Content-Type"), reply->readAll()};
    reply->deleteLater();
    return r;
}

void TestWebhookServer::negotiates()
{
    const Response r = get(u"/"_qs);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.contentType, mediaType); // webhook.go refuses anything but this exact string
    QCOMPARE(QJsonDocument::fromJson(r.body).object(),
             QJsonObject({{u"include"_qs, QJsonArray{u"apps.test"_qs}}}));
}

void TestWebhookServer::appliesWith204AndListsVerbatim()
{
    const Response empty = get(u"/records"_qs);
    QCOMPARE(empty.status, 200);
    QCOMPARE(empty.contentType, mediaType);
    QCOMPARE(QJsonDocument::fromJson(empty.body).array().size(), 0);

    QSignalSpy changed(m_source.get(), &MappingSource::mappingsChanged);
    const Response applied = post(u"/records"_qs, goChanges);
    QCOMPARE(applied.status, 204); // ApplyChanges counts anything else, 200 too, a failure
    QCOMPARE(changed.size(), 1);
    QVERIFY(g_log.filter(u"127.0.0.1 created app.apps.test A 192.168.122.10"_qs).size() == 1);

    const Response listed = get(u"/records"_qs);
    QCOMPARE(listed.status, 200);
    QCOMPARE(listed.contentType, mediaType);
    const QJsonArray records = QJsonDocument::fromJson(listed.body).array();
    const QJsonArray sent = QJsonDocument::fromJson(goChanges).object().value(u"create").toArray();
    QCOMPARE(records.size(), sent.size());
    for (const QJsonValue &record : sent)
        QVERIFY(records.contains(record)); // the TXT registry record as it was given

    QCOMPARE(
        post(u"/records"_qs, R"({"delete":[{"dnsName":"app.apps.test","recordType":"A"}]})").status,
        204);
    QCOMPARE(QJsonDocument::fromJson(get(u"/records"_qs).body).array().size(), 1);
    QCOMPARE(post(u"/records"_qs, "{}\n").status, 204); // nothing to change is fine too
}

void TestWebhookServer::adjustEndpointsReturnsThemUnchanged()
{
    const Response r = call("POST", u"/adjustendpoints"_qs, goEndpoints,
                            {{"Content-Type", mediaType}, {"Accept", mediaType}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.contentType, mediaType);
    QCOMPARE(QJsonDocument::fromJson(r.body), QJsonDocument::fromJson(goEndpoints));
    QVERIFY(m_source->records().isEmpty()); // adjusting stores nothing
    const Response none = call("POST", u"/adjustendpoints"_qs, "null\n",
                               {{"Content-Type", mediaType}, {"Accept", mediaType}});
    QCOMPARE(none.status, 200);
    QCOMPARE(
        call("POST", u"/adjustendpoints"_qs, R"({"not":"a list"})", {{"Content-Type", mediaType}})
            .status,
        400);
}

void TestWebhookServer::healthz()
{
    const Response r = call("GET", u"/healthz"_qs);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("ok\n"));
}

void TestWebhookServer::wrongMediaTypeIs415()
{
    for (const QByteArray &type : {QByteArray("application/json"),
                                   QByteArray("application/external.dns.webhook+json;version=2")}) {
        const Response r = call("POST", u"/records"_qs, goChanges, {{"Content-Type", type}});
        QCOMPARE(r.status, 415);
        QVERIFY(r.body.contains(mediaType)); // says what it wants
    }
    QVERIFY(m_source->records().isEmpty());
}

void TestWebhookServer::malformedJsonIs400()
{
    const Response r = post(u"/records"_qs, goChanges.left(goChanges.size() / 2));
    QCOMPARE(r.status, 400);
    QVERIFY2(r.body.contains("not JSON"), r.body.constData());
    QCOMPARE(post(u"/records"_qs, R"({"create":[{"dnsName":"a.apps.test","targets":"x"}]})").status,
             400);
    QVERIFY(m_source->records().isEmpty());
}

void TestWebhookServer::oversizedBodyIs413()
{
    m_source.reset();
    serve({{QHostAddress::parseSubnet(u"127.0.0.0/8"_qs)}, {}, 4096});
    QByteArray big = goChanges;
    big.insert(1, QByteArray(5000, ' ')); // valid JSON, over the cap
    QCOMPARE(post(u"/records"_qs, big).status, 413);
    QCOMPARE(call("POST", u"/adjustendpoints"_qs, QByteArray(5000, ' ') + goEndpoints,
                  {{"Content-Type", mediaType}})
                 .status,
             413);
    QVERIFY(m_source->records().isEmpty());
    QCOMPARE(post(u"/records"_qs, goChanges).status, 204); // under the cap
}

void TestWebhookServer::callerOutsideTheAllowListIs403()
{
    m_source.reset();
    serve({{QHostAddress::parseSubnet(u"10.0.0.0/8"_qs)}, {}});
    QCOMPARE(get(u"/"_qs).status, 403);
    QCOMPARE(get(u"/records"_qs).status, 403);
    QCOMPARE(post(u"/records"_qs, goChanges).status, 403);
    QVERIFY(m_source->records().isEmpty());
    // The window's last call says who was refused, and why.
    QVERIFY(m_source->lastCall());
    QCOMPARE(m_source->lastCall()->caller, u"127.0.0.1"_qs);
    QCOMPARE(m_source->lastCall()->what, u"refused: not in --webhook-allow"_qs);
    QCOMPARE(m_source->lastCall()->status, 403);
    QVERIFY(!g_log.filter(u"refused a call from 127.0.0.1"_qs).isEmpty());
    QCOMPARE(call("GET", u"/healthz"_qs).status, 200); // a probe needs no allow-list
    m_source.reset();
    serve({{}, {}}); // no network at all: nobody
    QCOMPARE(get(u"/"_qs).status, 403);
}

void TestWebhookServer::pathSecretIsACapability()
{
    m_source.reset();
    serve({{QHostAddress::parseSubnet(u"127.0.0.0/8"_qs)}, secret});
    // ExternalDNS negotiates at the URL as given (http://host:port/SECRET/ or without the
    // slash) and joins /records to its path (url.JoinPath keeps the prefix).
    QCOMPARE(get(u"/"_qs).status, 404);
    QCOMPARE(get(u"/records"_qs).status, 404);
    QCOMPARE(post(u"/records"_qs, goChanges).status, 404);
    QCOMPARE(get(u"/%1"_qs.arg(secret.chopped(1))).status, 404);
    QCOMPARE(get(u"/%1x/records"_qs.arg(secret)).status, 404);
    QCOMPARE(get(u"/%1records"_qs.arg(secret)).status, 404);
    QVERIFY(m_source->records().isEmpty());
    QCOMPARE(m_source->lastCall()->what, u"refused: a path outside the path secret"_qs);
    QCOMPARE(get(u"/%1"_qs.arg(secret)).status, 200);
    QCOMPARE(get(u"/%1/"_qs.arg(secret)).contentType, mediaType);
    QCOMPARE(post(u"/%1/records"_qs.arg(secret), goChanges).status, 204);
    QCOMPARE(QJsonDocument::fromJson(get(u"/%1/records"_qs.arg(secret)).body).array().size(), 2);
    QCOMPARE(call("POST", u"/%1/adjustendpoints"_qs.arg(secret), goEndpoints,
                  {{"Content-Type", mediaType}})
                 .status,
             200);
    QCOMPARE(m_source->lastCall()->what, u"POST /adjustendpoints"_qs); // never the secret
    QCOMPARE(m_source->lastCall()->status, 200);
    QCOMPARE(call("GET", u"/healthz"_qs).status, 200);
    QVERIFY(!g_log.filter(u"outside the webhook's path secret"_qs).isEmpty());
}

void TestWebhookServer::wrongMethodsAndPaths()
{
    QCOMPARE(call("DELETE", u"/records"_qs).status, 405);
    QCOMPARE(call("PUT", u"/records"_qs, goChanges, {{"Content-Type", mediaType}}).status, 405);
    QCOMPARE(call("GET", u"/adjustendpoints"_qs).status, 405);
    QCOMPARE(post(u"/"_qs, goChanges).status, 405);
    QCOMPARE(get(u"/applychanges"_qs).status, 404);
    QCOMPARE(get(u"/records/x"_qs).status, 404);
    QCOMPARE(m_source->lastCall()->what, u"GET an unknown path"_qs); // a caller's text is not shown
    QVERIFY(m_source->records().isEmpty());
}

void TestWebhookServer::storageFailureIs500()
{
    QFile blocker(m_dir->filePath(u"file"_qs));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    m_source.reset();
    serve({{QHostAddress::parseSubnet(u"127.0.0.0/8"_qs)}, {}},
          m_dir->filePath(u"file/state.json"_qs));
    const Response r = post(u"/records"_qs, goChanges);
    QCOMPARE(r.status, 500); // worth retrying: ExternalDNS does, on its next loop
    QVERIFY(r.body.contains("cannot store the records"));
    QCOMPARE(QJsonDocument::fromJson(get(u"/records"_qs).body).array().size(), 0);
}

void TestWebhookServer::healthOnlyServer()
{
    auto *health = new WebhookServer(nullptr, {}, m_source.get());
    auto *tcp = new QTcpServer(health);
    QVERIFY(tcp->listen(QHostAddress::LocalHost, 0));
    health->bind(tcp);
    m_port = tcp->serverPort();
    QCOMPARE(call("GET", u"/healthz"_qs).status, 200);
    QCOMPARE(get(u"/"_qs).status, 404);
    QCOMPARE(post(u"/records"_qs, goChanges).status, 404);
}

// What --webhook-listen, --webhook-allow and --webhook-path-secret accept, and the default
// allow-list: the listen address's own subnet.
void TestWebhookServer::flagValues()
{
    QString error;
    QCOMPARE(WebhookOptions::parseListen(u"127.0.0.1:8888"_qs, &error)->toString(),
             u"127.0.0.1:8888"_qs);
    QCOMPARE(WebhookOptions::parseListen(u"[::1]:8888"_qs, &error)->toString(), u"[::1]:8888"_qs);
    for (const QString &bad : {u"::1:8888"_qs, u"localhost:8888"_qs, u"1.2.3.4:0"_qs,
                               u"1.2.3.4:70000"_qs, u"1.2.3.4"_qs, u":8888"_qs})
        QVERIFY2(!WebhookOptions::parseListen(bad, &error), qPrintable(bad));
    QCOMPARE(*WebhookOptions::parseAllow(u"10.0.0.0/8"_qs, &error),
             Subnet(QHostAddress(u"10.0.0.0"_qs), 8));
    QCOMPARE(*WebhookOptions::parseAllow(u"192.168.122.7"_qs, &error),
             Subnet(QHostAddress(u"192.168.122.7"_qs), 32));
    QCOMPARE(WebhookOptions::parseAllow(u"fd00::1"_qs, &error)->second, 128);
    for (const QString &bad : {u"x"_qs, u"10.0.0.0/40"_qs, u""_qs})
        QVERIFY2(!WebhookOptions::parseAllow(bad, &error), qPrintable(bad));
    QVERIFY(WebhookOptions::checkPathSecret(secret, &error));
    QVERIFY(!WebhookOptions::checkPathSecret(u"0123456789abcde"_qs, &error)); // 15
    QVERIFY(!WebhookOptions::checkPathSecret(u"0123456789abcdef/x"_qs, &error));
    QVERIFY(error.contains(u"openssl rand"_qs));

    QCOMPARE(*WebhookOptions::subnetOf(QHostAddress::LocalHost),
             QHostAddress::parseSubnet(u"127.0.0.0/8"_qs));
    QVERIFY(!WebhookOptions::subnetOf(QHostAddress::AnyIPv4));
    QVERIFY(!WebhookOptions::subnetOf(QHostAddress(u"192.0.2.1"_qs))); // on no interface here
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &i : interfaces) {
        for (const QNetworkAddressEntry &e : i.addressEntries()) {
            if (e.ip().isLoopback() || e.ip().protocol() != QAbstractSocket::IPv4Protocol)
                continue;
            const auto net = WebhookOptions::subnetOf(e.ip());
            QVERIFY(net);
            QCOMPARE(net->second, e.prefixLength());
            QVERIFY(e.ip().isInSubnet(*net));
        }
    }
}

QTEST_GUILESS_MAIN(TestWebhookServer)
#include "tst_webhookserver.moc"
