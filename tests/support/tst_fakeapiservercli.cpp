// The k8s-hosts-fake-apiserver program as scripts and the demo mode use it: it prints its
// URL, seeds the workload, writes a kubeconfig that works, and rejects bad arguments.
#include "tests/support/testtls.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;

class TestFakeApiServerCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesTheSeedOverTlsWithAToken();
    void churnChangesIngresses();
    void servesManifestsAndFollowsThem();
    void brokenManifestsStopTheStart();
    void badArguments_data();
    void badArguments();
};

namespace {

const QString Program = QStringLiteral(K8S_HOSTS_FAKE_APISERVER);

// Starts the program; returns its URL once it has printed it.
QUrl startServer(QProcess &process, const QStringList &arguments)
{
    QByteArray out;
    QObject::connect(&process, &QProcess::readyReadStandardOutput, &process,
                     [&] { out += process.readAllStandardOutput(); });
    process.start(Program, arguments);
    QSignalSpy output(&process, &QProcess::readyReadStandardOutput);
    while (!out.contains('\n') && process.state() != QProcess::NotRunning) {
        if (!output.wait(30000))
            break;
    }
    QObject::disconnect(&process, &QProcess::readyReadStandardOutput, &process, nullptr);
    return QUrl(QString::fromLatin1(out.left(out.indexOf('\n'))));
}

void stopServer(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    QSignalSpy finished(&process, &QProcess::finished);
    process.terminate(); // our own child, by its PID
    QVERIFY(finished.wait(30000));
}

QJsonObject getJson(QNetworkAccessManager &network, const QNetworkRequest &request, int *status)
{
    std::unique_ptr<QNetworkReply> reply(network.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(30000))
        return {};
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return QJsonDocument::fromJson(reply->readAll()).object();
}

} // namespace

void TestFakeApiServerCli::servesTheSeedOverTlsWithAToken()
{
    QTemporaryDir dir;
    const QString kubeconfig = dir.filePath(u"config"_s);
    QProcess process;
    const QUrl url =
        startServer(process, {u"--tls"_s, u"--token"_s, u"cli-token"_s, u"--namespaces"_s, u"3"_s,
                              u"--ingresses"_s, u"4"_s, u"--services"_s, u"1"_s, u"--routes"_s,
                              u"2"_s, u"--kubeconfig"_s, kubeconfig});
    QCOMPARE(url.scheme(), u"https"_s);
    QCOMPARE(url.host(), u"127.0.0.1"_s);
    QVERIFY(url.port() > 0);

    QFile file(kubeconfig);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray config = file.readAll();
    QVERIFY(config.contains("server: \"" + url.toString().toUtf8() + '"'));
    QVERIFY(config.contains("token: \"cli-token\""));
    QVERIFY(config.contains("certificate-authority-data: " + TestTls::caPem().toBase64()));
    QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());

    QNetworkAccessManager network;
    QNetworkRequest request(url.resolved(QUrl(u"/apis/networking.k8s.io/v1/ingresses"_s)));
    request.setSslConfiguration(TestTls::clientConfiguration());
    int status = 0;
    getJson(network, request, &status);
    QCOMPARE(status, 401); // no credentials: refused, since a token is required
    request.setRawHeader("Authorization", "Bearer cli-token");
    QCOMPARE(getJson(network, request, &status).value(u"items").toArray().size(), 12);
    QCOMPARE(status, 200);
    request.setUrl(url.resolved(QUrl(u"/apis/gateway.networking.k8s.io/v1/httproutes"_s)));
    QCOMPARE(getJson(network, request, &status).value(u"items").toArray().size(), 6);
    request.setUrl(url.resolved(QUrl(u"/api/v1/services"_s)));
    QCOMPARE(getJson(network, request, &status).value(u"items").toArray().size(), 3);
    stopServer(process);
}

void TestFakeApiServerCli::churnChangesIngresses()
{
    QProcess process;
    const QUrl url = startServer(process, {u"--churn"_s, u"50"_s, u"--seed"_s, u"7"_s});
    QCOMPARE(url.scheme(), u"http"_s);
    QNetworkAccessManager network;
    const QNetworkRequest request(url.resolved(QUrl(u"/apis/networking.k8s.io/v1/ingresses"_s)));
    int status = 0;
    const QString first = getJson(network, request, &status)
                              .value(u"metadata")
                              .toObject()
                              .value(u"resourceVersion")
                              .toString();
    QCOMPARE(status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(getJson(network, request, &status)
                                     .value(u"metadata")
                                     .toObject()
                                     .value(u"resourceVersion")
                                     .toString()
                                     .toULongLong() > first.toULongLong() + 5,
                             30000);
    stopServer(process);
}

namespace {

void writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

QByteArray ingressYaml(const QByteArray &ip)
{
    return "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
           "metadata: {name: web, namespace: shop, creationTimestamp: '2024-01-01T00:00:00Z'}\n"
           "spec:\n  rules:\n  - host: web.shop.test\n"
           "status:\n  loadBalancer:\n    ingress:\n    - ip: " +
           ip + "\n";
}

} // namespace

// --manifests serves the objects of a folder, status and creation time included, and turns
// edits of its files into watch events; a broken edit changes nothing.
void TestFakeApiServerCli::servesManifestsAndFollowsThem()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(u"web.yaml"_s), ingressYaml("10.0.0.1"));
    writeFile(dir.filePath(u"notes.txt"_s), "not a manifest: ignored");
    QProcess process;
    QByteArray errors;
    connect(&process, &QProcess::readyReadStandardError, &process,
            [&] { errors += process.readAllStandardError(); });
    const QUrl url = startServer(process, {u"--manifests"_s, dir.path()});
    QVERIFY(url.isValid());
    QNetworkAccessManager network;
    const QNetworkRequest list(url.resolved(QUrl(u"/apis/networking.k8s.io/v1/ingresses"_s)));
    int status = 0;
    const QJsonObject first = getJson(network, list, &status);
    QCOMPARE(status, 200);
    const QJsonArray items = first.value(u"items").toArray();
    QCOMPARE(items.size(), 1); // nothing seeded besides the manifests
    const QJsonObject ingress = items.first().toObject();
    QCOMPARE(ingress.value(u"metadata")[u"creationTimestamp"].toString(),
             u"2024-01-01T00:00:00Z"_s);
    QCOMPARE(ingress.value(u"status")[u"loadBalancer"][u"ingress"][0][u"ip"].toString(),
             u"10.0.0.1"_s);

    // A watch from the list's resourceVersion sees the edit as MODIFIED.
    QUrl watchUrl = list.url();
    watchUrl.setQuery(u"watch=1&resourceVersion="_s +
                      first.value(u"metadata")[u"resourceVersion"].toString());
    std::unique_ptr<QNetworkReply> watch(network.get(QNetworkRequest(watchUrl)));
    QByteArray events;
    connect(watch.get(), &QNetworkReply::readyRead, watch.get(),
            [&] { events += watch->readAll(); });
    QTest::qWait(200);
    writeFile(dir.filePath(u"web.yaml"_s), ingressYaml("10.0.0.2"));
    QTRY_VERIFY_WITH_TIMEOUT(events.contains("\"MODIFIED\"") && events.contains("10.0.0.2"), 10000);

    // A second file adds its object; a broken file changes nothing; removing a file deletes.
    writeFile(dir.filePath(u"more.json"_s),
              R"({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "extra"}})");
    QTRY_VERIFY_WITH_TIMEOUT(events.contains("MODIFIED") && errors.contains("1 applied"), 10000);
    writeFile(dir.filePath(u"broken.yaml"_s), "kind: [");
    QTRY_VERIFY_WITH_TIMEOUT(errors.contains("not reloaded, the cluster is unchanged") &&
                                 errors.contains("broken.yaml"),
                             10000);
    QVERIFY(QFile::remove(dir.filePath(u"broken.yaml"_s)));
    QVERIFY(QFile::remove(dir.filePath(u"web.yaml"_s)));
    QTRY_VERIFY_WITH_TIMEOUT(events.contains("\"DELETED\""), 10000);
    QCOMPARE(getJson(network, list, &status).value(u"items").toArray().size(), 0);
    watch.reset();
    stopServer(process);
}

void TestFakeApiServerCli::brokenManifestsStopTheStart()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(u"route.yaml"_s),
              "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute\n"
              "metadata: {name: r, namespace: n}\n");
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(Program, {u"--manifests"_s, dir.path()});
    QVERIFY(finished.wait(30000));
    QCOMPARE(process.exitCode(), 1);
    const QByteArray error = process.readAllStandardError();
    QVERIFY2(error.contains("route.yaml, document 1: TCPRoute") &&
                 error.contains("is not served here"),
             error.constData());
    QVERIFY(process.readAllStandardOutput().isEmpty());
}

void TestFakeApiServerCli::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("port") << QStringList{u"--port"_s, u"99999"_s} << QByteArray("--port");
    QTest::newRow("address") << QStringList{u"--address"_s, u"nowhere"_s}
                             << QByteArray("not an IP address");
    QTest::newRow("namespaces") << QStringList{u"--namespaces"_s, u"-1"_s}
                                << QByteArray("--namespaces");
    QTest::newRow("churn") << QStringList{u"--churn"_s, u"fast"_s} << QByteArray("--churn");
}

void TestFakeApiServerCli::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(Program, arguments);
    QVERIFY(finished.wait(30000));
    QCOMPARE(process.exitCode(), 2);
    const QByteArray error = process.readAllStandardError();
    QVERIFY2(error.contains(message), error.constData());
    QVERIFY(process.readAllStandardOutput().isEmpty());
}

QTEST_GUILESS_MAIN(TestFakeApiServerCli)
#include "tst_fakeapiservercli.moc"
