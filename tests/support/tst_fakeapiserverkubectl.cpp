// Proves the fake API server honest: the real kubectl lists, pages, resolves resource names
// through discovery and follows a watch against it, over HTTP and over TLS with a token or a
// client certificate, and what kubectl prints equals what the server holds.
#include "tests/support/fakeapiserver.h"
#include "tests/support/jsonstreamsplitter.h"
#include "tests/support/kubectlprocess.h"
#include "tests/support/kubeobjects.h"
#include "tests/support/seedworkload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;

class TestFakeApiServerKubectl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listIngressesAsJson_data();
    void listIngressesAsJson();
    void chunkSizeForcesPaging();
    void namespacesAndServices();
    void gatewayApiResourcesByFullName();
    void untrustedCertificateIsRefused();
    void wrongTokenIsRefused();
    void watchFollowsLiveChanges();

private:
    enum class Mode
    {
        Http,
        TlsToken,
        TlsClientCertificate
    };
    struct Run
    {
        bool finished = false;
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        QString command;
    };

    void startServer(Mode mode);
    Run kubectl(const QStringList &arguments);
    // kubectl's items (from a -o json list) against the server's objects of that kind.
    static QString compareItems(const QByteArray &kubectlJson, const QList<QJsonObject> &truth);

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<FakeApiServer> m_server;
    QString m_kubeconfig;
};

namespace {

const QString Token = u"test-token-0123456789"_s;

QString keyOf(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(u"metadata").toObject();
    return metadata.value(u"namespace").toString() + u'/' + metadata.value(u"name").toString();
}

} // namespace

void TestFakeApiServerKubectl::initTestCase()
{
    if (KubectlProcess::program().isEmpty()) {
        if (qEnvironmentVariableIsSet("CI"))
            QFAIL("kubectl is not installed, and CI must run this test");
        QSKIP("kubectl is not installed (or set K8S_HOSTS_KUBECTL to its path)");
    }
}

void TestFakeApiServerKubectl::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

void TestFakeApiServerKubectl::cleanup()
{
    m_server.reset();
    m_home.reset();
}

void TestFakeApiServerKubectl::startServer(Mode mode)
{
    FakeApiServer::Options options;
    options.tls = mode != Mode::Http;
    if (mode == Mode::TlsToken)
        options.tokens = {Token};
    options.allowAnonymous = mode == Mode::Http;
    m_server = std::make_unique<FakeApiServer>(options);
    QString error;
    QVERIFY2(m_server->listen(&error), qPrintable(error));

    SeedWorkload workload;
    workload.namespaces = 4;
    workload.ingressesPerNamespace = 5;
    workload.servicesPerNamespace = 2;
    workload.routesPerNamespace = 2;
    workload.populate(m_server->cluster());

    auto credentials = KubeconfigWriter::Credentials::None;
    if (mode == Mode::TlsToken)
        credentials = KubeconfigWriter::Credentials::Token;
    else if (mode == Mode::TlsClientCertificate)
        credentials = KubeconfigWriter::Credentials::ClientCertificate;
    m_kubeconfig = m_home->filePath(u"kubeconfig"_s);
    QVERIFY2(m_server->kubeconfig(credentials, Token).write(m_kubeconfig, &error),
             qPrintable(error));
}

TestFakeApiServerKubectl::Run TestFakeApiServerKubectl::kubectl(const QStringList &arguments)
{
    KubectlProcess process(m_kubeconfig, m_home->path());
    QSignalSpy finished(&process, &KubectlProcess::finished);
    process.start(arguments);
    Run run;
    run.finished = finished.wait(60000);
    run.exitCode = process.exitCode();
    run.out = process.standardOutput();
    run.err = process.standardError();
    run.command = process.commandLine();
    return run;
}

QString TestFakeApiServerKubectl::compareItems(const QByteArray &kubectlJson,
                                               const QList<QJsonObject> &truth)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(kubectlJson, &parseError);
    if (!document.isObject())
        return u"kubectl printed no JSON object: "_s + parseError.errorString();
    QMap<QString, QJsonObject> printed;
    for (const QJsonValue &item : document.object().value(u"items").toArray())
        printed.insert(keyOf(item.toObject()), item.toObject());
    QMap<QString, QJsonObject> held;
    for (const QJsonObject &object : truth)
        held.insert(keyOf(object), object);
    if (printed.keys() != held.keys()) {
        return u"kubectl saw %1 but the server holds %2"_s.arg(
            QStringList(printed.keys()).join(u", "), QStringList(held.keys()).join(u", "));
    }
    for (auto it = held.cbegin(); it != held.cend(); ++it) {
        if (printed.value(it.key()) != it.value()) {
            return u"%1 differs:\nkubectl: %2\nserver:  %3"_s.arg(
                it.key(),
                QString::fromUtf8(
                    QJsonDocument(printed.value(it.key())).toJson(QJsonDocument::Compact)),
                QString::fromUtf8(QJsonDocument(it.value()).toJson(QJsonDocument::Compact)));
        }
    }
    return {};
}

#define CHECK_RUN(run)                                                                             \
    QVERIFY2((run).finished, qPrintable((run).command + u" did not finish in time"_s));            \
    QVERIFY2((run).exitCode == 0,                                                                  \
             qPrintable((run).command + u" failed: "_s + QString::fromUtf8((run).err)))

void TestFakeApiServerKubectl::listIngressesAsJson_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::newRow("http, anonymous") << Mode::Http;
    QTest::newRow("tls, bearer token") << Mode::TlsToken;
    QTest::newRow("tls, client certificate") << Mode::TlsClientCertificate;
}

void TestFakeApiServerKubectl::listIngressesAsJson()
{
    QFETCH(Mode, mode);
    startServer(mode);
    const Run run = kubectl({u"get"_s, u"ingress"_s, u"-A"_s, u"-o"_s, u"json"_s});
    CHECK_RUN(run);
    const QString difference =
        compareItems(run.out, m_server->cluster().objects(ResourceKind::Ingress));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(m_server->cluster().count(ResourceKind::Ingress), 20);

    // The server saw who kubectl claimed to be.
    const QString expectedUser = mode == Mode::Http       ? u"system:anonymous"_s
                                 : mode == Mode::TlsToken ? u"token-user-1"_s
                                                          : u"test-admin"_s;
    bool listed = false;
    for (const RequestRecord &request : m_server->requests()) {
        if (request.path == u"/apis/networking.k8s.io/v1/ingresses") {
            listed = true;
            QCOMPARE(request.user, expectedUser);
            QCOMPARE(request.status, 200);
        }
    }
    QVERIFY(listed);
}

void TestFakeApiServerKubectl::chunkSizeForcesPaging()
{
    startServer(Mode::TlsToken);
    const Run run =
        kubectl({u"get"_s, u"ingress"_s, u"-A"_s, u"-o"_s, u"json"_s, u"--chunk-size=3"_s});
    CHECK_RUN(run);
    const QString difference =
        compareItems(run.out, m_server->cluster().objects(ResourceKind::Ingress));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));

    int pages = 0;
    int continued = 0;
    for (const RequestRecord &request : m_server->requests()) {
        if (request.path != u"/apis/networking.k8s.io/v1/ingresses")
            continue;
        ++pages;
        QCOMPARE(request.query.queryItemValue(u"limit"_s), u"3"_s);
        continued += request.query.hasQueryItem(u"continue"_s) ? 1 : 0;
    }
    QCOMPARE(pages, 7); // 20 Ingresses, 3 a page
    QCOMPARE(continued, 6);
    QCOMPARE(m_server->pager().openSnapshots(), 0); // the last page released its snapshot
}

void TestFakeApiServerKubectl::namespacesAndServices()
{
    startServer(Mode::TlsClientCertificate);
    const Run namespaces = kubectl({u"get"_s, u"namespaces"_s, u"-o"_s, u"json"_s});
    CHECK_RUN(namespaces);
    QString difference =
        compareItems(namespaces.out, m_server->cluster().objects(ResourceKind::Namespace));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));

    const Run services = kubectl({u"get"_s, u"services"_s, u"-A"_s, u"-o"_s, u"json"_s});
    CHECK_RUN(services);
    difference = compareItems(services.out, m_server->cluster().objects(ResourceKind::Service));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));

    // One namespace, through the namespaced URL and the short name.
    const Run inNamespace =
        kubectl({u"get"_s, u"svc"_s, u"-n"_s, u"ns-0002"_s, u"-o"_s, u"json"_s});
    CHECK_RUN(inNamespace);
    difference = compareItems(inNamespace.out,
                              m_server->cluster().objects(ResourceKind::Service, u"ns-0002"_s));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestFakeApiServerKubectl::gatewayApiResourcesByFullName()
{
    startServer(Mode::TlsToken);
    const Run routes =
        kubectl({u"get"_s, u"httproutes.gateway.networking.k8s.io"_s, u"-A"_s, u"-o"_s, u"json"_s});
    CHECK_RUN(routes);
    QString difference =
        compareItems(routes.out, m_server->cluster().objects(ResourceKind::HTTPRoute));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(m_server->cluster().count(ResourceKind::HTTPRoute), 8);

    const Run gateways =
        kubectl({u"get"_s, u"gateways.gateway.networking.k8s.io"_s, u"-A"_s, u"-o"_s, u"json"_s});
    CHECK_RUN(gateways);
    difference = compareItems(gateways.out, m_server->cluster().objects(ResourceKind::Gateway));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));

    // One object by name.
    const Run one = kubectl(
        {u"get"_s, u"httproute"_s, u"route-0002"_s, u"-n"_s, u"ns-0003"_s, u"-o"_s, u"json"_s});
    CHECK_RUN(one);
    QCOMPARE(QJsonDocument::fromJson(one.out).object(),
             *m_server->cluster().object(ResourceKind::HTTPRoute, u"ns-0003"_s, u"route-0002"_s));
}

void TestFakeApiServerKubectl::untrustedCertificateIsRefused()
{
    startServer(Mode::TlsClientCertificate);
    QString error;
    QVERIFY(m_server->kubeconfig(KubeconfigWriter::Credentials::RogueClientCertificate)
                .write(m_kubeconfig, &error));
    const Run run = kubectl({u"get"_s, u"ingress"_s, u"-A"_s, u"-o"_s, u"json"_s});
    QVERIFY(run.finished);
    QVERIFY2(run.exitCode != 0, run.out.constData());
    QVERIFY2(run.err.contains("Unauthorized") || run.err.contains("must be logged in"),
             run.err.constData());
    QVERIFY(!m_server->requests().isEmpty());
    for (const RequestRecord &request : m_server->requests())
        QCOMPARE(request.status, 401);
}

void TestFakeApiServerKubectl::wrongTokenIsRefused()
{
    startServer(Mode::TlsToken);
    m_server->setTokens({u"a-rotated-token"_s});
    const Run run = kubectl({u"get"_s, u"ingress"_s, u"-A"_s, u"-o"_s, u"json"_s});
    QVERIFY(run.finished);
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains("Unauthorized") || run.err.contains("must be logged in"),
             run.err.constData());
    QVERIFY(!run.err.contains(Token.toUtf8())); // the secret is not echoed back
    QVERIFY(!m_server->requests().isEmpty());
    QCOMPARE(m_server->requests().constFirst().status, 401);
}

void TestFakeApiServerKubectl::watchFollowsLiveChanges()
{
    startServer(Mode::TlsToken);
    FakeCluster &cluster = m_server->cluster();
    KubectlProcess process(m_kubeconfig, m_home->path());
    JsonStreamSplitter splitter;
    QList<QJsonObject> events;
    connect(&process, &KubectlProcess::outputArrived, this, [&](const QByteArray &bytes) {
        for (const QByteArray &value : splitter.feed(bytes))
            events << QJsonDocument::fromJson(value).object();
    });
    QSignalSpy finished(&process, &KubectlProcess::finished);
    process.start(
        {u"get"_s, u"ingress"_s, u"-A"_s, u"-w"_s, u"--output-watch-events"_s, u"-o"_s, u"json"_s});
    const auto failure = [&] {
        return qPrintable(u"kubectl printed %1 events; stderr: %2"_s.arg(events.size())
                              .arg(QString::fromUtf8(process.standardError())));
    };

    // First the initial list, as ADDED events, exactly the server's Ingresses.
    QTRY_VERIFY2_WITH_TIMEOUT(events.size() >= 20, failure(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->openWatches(ResourceKind::Ingress) == 1, 30000);
    QCOMPARE(events.size(), 20);
    QMap<QString, QJsonObject> initial;
    for (const QJsonObject &event : std::as_const(events)) {
        QCOMPARE(event.value(u"type").toString(), u"ADDED"_s);
        initial.insert(keyOf(event.value(u"object").toObject()), event.value(u"object").toObject());
    }
    for (const QJsonObject &object : cluster.objects(ResourceKind::Ingress))
        QCOMPARE(initial.value(keyOf(object)), object);

    // Then every change made through the in-process API, in order.
    QString error;
    QVERIFY2(cluster.create(
                 ResourceKind::Ingress,
                 KubeObjects::ingress(u"ns-0002"_s, u"fresh"_s, {u"fresh.test"_s}, u"172.18.9.9"_s),
                 &error),
             qPrintable(error));
    QJsonObject changed = *cluster.object(ResourceKind::Ingress, u"ns-0001"_s, u"ing-0003"_s);
    changed.insert(u"status", KubeObjects::ingress({}, {}, {}, u"10.1.2.3"_s).value(u"status"));
    QVERIFY(cluster.update(ResourceKind::Ingress, changed, &error));
    const QJsonObject gone = *cluster.object(ResourceKind::Ingress, u"ns-0004"_s, u"ing-0005"_s);
    const quint64 deletedAt =
        cluster.remove(ResourceKind::Ingress, u"ns-0004"_s, u"ing-0005"_s, &error);
    QVERIFY2(deletedAt, qPrintable(error));

    QTRY_VERIFY2_WITH_TIMEOUT(events.size() >= 23, failure(), 30000);
    QCOMPARE(events.size(), 23);
    QCOMPARE(events.at(20).value(u"type").toString(), u"ADDED"_s);
    QCOMPARE(events.at(20).value(u"object").toObject(),
             *cluster.object(ResourceKind::Ingress, u"ns-0002"_s, u"fresh"_s));
    QCOMPARE(events.at(21).value(u"type").toString(), u"MODIFIED"_s);
    QCOMPARE(events.at(21).value(u"object").toObject(),
             *cluster.object(ResourceKind::Ingress, u"ns-0001"_s, u"ing-0003"_s));
    QCOMPARE(events.at(22).value(u"type").toString(), u"DELETED"_s);
    const QJsonObject deleted = events.at(22).value(u"object").toObject();
    QCOMPARE(keyOf(deleted), keyOf(gone));
    QCOMPARE(deleted.value(u"metadata").toObject().value(u"resourceVersion").toString(),
             QString::number(deletedAt));

    // kubectl watched from the resourceVersion its list returned.
    QString listVersion;
    QString watchVersion;
    for (const RequestRecord &request : m_server->requests()) {
        if (request.path != u"/apis/networking.k8s.io/v1/ingresses")
            continue;
        if (request.isWatch())
            watchVersion = request.query.queryItemValue(u"resourceVersion"_s);
        else
            listVersion = u"seen"_s;
    }
    QCOMPARE(listVersion, u"seen"_s);
    QCOMPARE(watchVersion, QString::number(deletedAt - 3));

    process.stop();
    QVERIFY(finished.wait(30000));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 0, 30000);
}

QTEST_GUILESS_MAIN(TestFakeApiServerKubectl)
#include "tst_fakeapiserverkubectl.moc"
