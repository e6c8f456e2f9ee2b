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
