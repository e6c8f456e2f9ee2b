// k8s-hosts --no-gui --webhook-listen end to end: the real binary, a temporary hosts file, and
// a client that calls it as ExternalDNS's webhook client does (provider/webhook/webhook.go).
// Names arrive in the hosts file, go when ExternalDNS deletes them, stay through a restart of
// k8s-hosts (stored records, the block not emptied), merge with a cluster's names (fake API
// server); callers outside the allow-list and without the path secret change nothing; the
// secret never reaches the log; bad flags and a taken port stop the run with a reason.
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

namespace {

const QByteArray mediaType = "application/external.dns.webhook+json;version=1";
const QByteArray goChanges =
    R"({"create":[{"dnsName":"app.apps.test","targets":["192.168.122.10"],"recordType":"A",)"
    R"("labels":{"owner":"default","resource":"ingress/default/app"}},)"
    R"({"dnsName":"app.apps.test.","targets":["fd00::10"],"recordType":"AAAA"},)"
    // (not a raw string: moc 6.4 loses its way on \" inside one)
    "{\"dnsName\":\"a-app.apps.test\",\"targets\":[\"\\\"heritage=external-dns,external-dns/"
    "owner=default,external-dns/resource=ingress/default/app\\\"\"],\"recordType\":\"TXT\"}]}"
    "\n";
const QString secret = u"s3cr3t-0123456789abcdef"_qs;

quint16 freePort()
{
    QTcpServer tcp;
    return tcp.listen(QHostAddress::LocalHost, 0) ? tcp.serverPort() : 0;
}

} // namespace

class TestWebhookHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void namesFromExternalDnsReachTheHostsFile();
    void storedNamesSurviveARestart();
    void mergesWithAClustersNames();
    void callerOutsideTheAllowList();
    void pathSecret();
    void pathSecretFromAFile();
    void badFlags_data();
    void badFlags();
    void takenPortStopsAtOnce();
    void goClientAsExternalDnsUsesIt();

private:
    std::unique_ptr<QProcess> start(const QStringList &extra);
    bool waitReady(QProcess *process);
    int stop(QProcess *process, int signal = SIGTERM);
    QByteArray hosts() const;
    static QStringList listeningSockets(qint64 pid);
    int call(const QByteArray &verb, const QString &path, const QByteArray &body,
             QByteArray *answer = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_hosts;
    QString m_ready;
    quint16 m_port = 0;
    QNetworkAccessManager m_nam;
};

void TestWebhookHeadless::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_hosts = m_dir->filePath(u"hosts"_qs);
    m_ready = m_dir->filePath(u"ready"_qs);
    QFile file(m_hosts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("127.0.0.1 localhost\n");
    file.close();
    m_port = freePort();
    QVERIFY(m_port != 0);
}

void TestWebhookHeadless::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<QProcess> TestWebhookHeadless::start(const QStringList &extra)
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_RUNTIME_DIR"_qs, m_dir->path());
    env.insert(u"XDG_STATE_HOME"_qs, m_dir->filePath(u"state"_qs));
    env.insert(u"HOME"_qs, m_dir->path());
    env.insert(u"KUBECONFIG"_qs, m_dir->filePath(u"no-kubeconfig"_qs));
    env.insert(u"DBUS_SYSTEM_BUS_ADDRESS"_qs, u"unix:path=/nonexistent"_qs);
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(
        QStringLiteral(K8S_HOSTS_BIN),
        QStringList{u"--no-gui"_qs, u"--hosts-file"_qs, m_hosts, u"--ready-file"_qs, m_ready} +
            extra);
    return process;
}

bool TestWebhookHeadless::waitReady(QProcess *process)
{
    for (int i = 0; i < 300 && !QFile::exists(m_ready); ++i) {
        if (process->state() == QProcess::NotRunning)
            return false;
        QTest::qWait(50);
    }
    return QFile::exists(m_ready);
}

int TestWebhookHeadless::stop(QProcess *process, int signal)
{
    ::kill(pid_t(process->processId()), signal);
    if (!process->waitForFinished(20000)) {
        process->kill();
        process->waitForFinished(2000);
        return -1;
    }
    return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -signal;
}

QByteArray TestWebhookHeadless::hosts() const
{
    QFile file(m_hosts);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// "tcp ADDR:PORT" for every socket the process listens on (TCP) or has bound (UDP), sorted.
QStringList TestWebhookHeadless::listeningSockets(qint64 pid)
{
    QStringList out;
    for (const QString &proto : {u"t"_qs, u"u"_qs}) {
        QProcess ss;
        ss.start(u"ss"_qs, {u"-Hlnp"_qs + proto});
        ss.waitForFinished(10000); // another process answers: blocking here is fine
        const QString marker = u"pid=%1,"_qs.arg(pid);
        for (const QString &line : QString::fromUtf8(ss.readAllStandardOutput()).split(u'\n')) {
            if (!line.contains(marker))
                continue;
            const QStringList fields = line.simplified().split(u' ');
            out.append((proto == u"t" ? u"tcp "_qs : u"udp "_qs) + fields.value(3));
        }
    }
    out.sort();
    return out;
}

// As webhook.go: Accept on GETs and on adjustendpoints, Content-Type on POSTs.
int TestWebhookHeadless::call(const QByteArray &verb, const QString &path, const QByteArray &body,
                              QByteArray *answer)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_qs.arg(m_port).arg(path)));
    if (verb == "GET" || path.endsWith(u"adjustendpoints"))
        request.setRawHeader("Accept", mediaType);
    if (verb == "POST")
        request.setRawHeader("Content-Type", mediaType);
    QNetworkReply *reply = m_nam.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    if (answer)
        *answer = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

void TestWebhookHeadless::namesFromExternalDnsReachTheHostsFile()
{
    const quint16 healthPort = freePort();
    const auto process = start({u"--webhook-listen"_qs, u"127.0.0.1:%1"_qs.arg(m_port),
                                u"--webhook-domain-filter"_qs, u"apps.test"_qs,
                                u"--webhook-health-listen"_qs, u"127.0.0.1:%1"_qs.arg(healthPort)});
    if (!waitReady(process.get()))
        QFAIL(process->readAll().constData()); // (QVERIFY2 would read the log either way)
    // It binds what it was given and nothing else.
    QStringList given = {u"tcp 127.0.0.1:%1"_qs.arg(m_port),
                         u"tcp 127.0.0.1:%1"_qs.arg(healthPort)};
    given.sort();
    QCOMPARE(listeningSockets(process->processId()), given);
    const quint16 webhookPort = m_port;
    m_port = healthPort;
    QCOMPARE(call("GET", u"/healthz"_qs, {}), 200);
    QCOMPARE(call("GET", u"/"_qs, {}), 404); // the health address serves only /healthz
    m_port = webhookPort;
    QByteArray answer;
    QCOMPARE(call("GET", u"/"_qs, {}, &answer), 200);
    QCOMPARE(QJsonDocument::fromJson(answer).object().value(u"include").toArray().size(), 1);
    QCOMPARE(call("GET", u"/healthz"_qs, {}), 200);
    QCOMPARE(call("POST", u"/adjustendpoints"_qs, "[]\n"), 200);
    QCOMPARE(call("POST", u"/records"_qs, goChanges), 204);
    QTRY_VERIFY_WITH_TIMEOUT(hosts().contains("fd00::10 app.apps.test"), 5000);
    QVERIFY(hosts().contains("192.168.122.10 app.apps.test  # external-dns@127.0.0.1:"));
    QVERIFY(!hosts().contains("a-app.apps.test")); // the TXT registry record is only kept

    QCOMPARE(call("POST", u"/records"_qs,
                  R"({"updateOld":[{"dnsName":"app.apps.test","targets":["192.168.122.10"],)"
                  R"("recordType":"A"}],"updateNew":[{"dnsName":"app.apps.test","targets":)"
                  R"(["192.168.122.11"],"recordType":"A"}],"delete":[{"dnsName":"app.apps.test.",)"
                  R"("targets":["fd00::10"],"recordType":"AAAA"}]})"
                  "\n"),
             204);
    QTRY_VERIFY_WITH_TIMEOUT(hosts().contains("192.168.122.11 app.apps.test"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!hosts().contains("fd00::10"), 5000);
    QVERIFY(!hosts().contains("192.168.122.10"));
    QCOMPARE(call("GET", u"/records"_qs, {}, &answer), 200);
    QCOMPARE(QJsonDocument::fromJson(answer).array().size(), 2); // A and TXT

    QCOMPARE(stop(process.get()), 0);
    const QString log = QString::fromUtf8(process->readAll());
    QVERIFY2(log.contains(u"127.0.0.1 created app.apps.test A 192.168.122.10"_qs), qPrintable(log));
    QVERIFY2(log.contains(u"127.0.0.1 deleted app.apps.test. AAAA fd00::10"_qs), qPrintable(log));
    QVERIFY2(log.contains(u"added app.apps.test -> 192.168.122.11"_qs), qPrintable(log));
    QCOMPARE(hosts(), QByteArray("127.0.0.1 localhost\n")); // SIGTERM withdraws our entries
}

// Between our restart and ExternalDNS's next sync the names stay: the records are stored,
// and the source counts as listed from them, so the adopted block is not emptied.
void TestWebhookHeadless::storedNamesSurviveARestart()
{
    const QStringList args = {u"--webhook-listen"_qs, u"127.0.0.1:%1"_qs.arg(m_port)};
    auto process = start(args);
    if (!waitReady(process.get()))
        QFAIL(process->readAll().constData()); // (QVERIFY2 would read the log either way)
    QCOMPARE(call("POST", u"/records"_qs, goChanges), 204);
    QTRY_VERIFY_WITH_TIMEOUT(hosts().contains("fd00::10 app.apps.test"), 5000);
    QCOMPARE(stop(process.get(), SIGKILL), -SIGKILL); // a crash: the block stays
    const QByteArray before = hosts();
    QVERIFY(before.contains("192.168.122.10 app.apps.test"));
    QFile::remove(m_ready);

    process = start(args);
    if (!waitReady(process.get()))
        QFAIL(process->readAll().constData()); // (QVERIFY2 would read the log either way)
    QCOMPARE(hosts(), before);
    QTest::qWait(300); // nothing comes later either
    QCOMPARE(hosts(), before);
    QByteArray answer;
    QCOMPARE(call("GET", u"/records"_qs, {}, &answer), 200);
    const QJsonArray records = QJsonDocument::fromJson(answer).array();
    QCOMPARE(records.size(), 3);
    for (const QJsonValue &sent :
         QJsonDocument::fromJson(goChanges).object().value(u"create").toArray())
        QVERIFY(records.contains(sent));
    QCOMPARE(stop(process.get()), 0);
    QVERIFY(process->readAll().contains("3 stored records"));
}

void TestWebhookHeadless::mergesWithAClustersNames()
{
    FakeApiServer api;
    QVERIFY(api.listen());
    api.cluster().create(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"default"_qs, u"web"_qs, {u"web.apps.test"_qs}, u"172.18.0.30"_qs));
    const QString kubeconfig = m_dir->filePath(u"kubeconfig"_qs);
    QString error;
    QVERIFY2(api.kubeconfig().write(kubeconfig, &error), qPrintable(error));
    const auto process =
        start({u"--kubeconfig"_qs, kubeconfig, u"--context"_qs, u"fake-apiserver"_qs,
               u"--webhook-listen"_qs, u"127.0.0.1:%1"_qs.arg(m_port)});
    if (!waitReady(process.get()))
        QFAIL(process->readAll().constData()); // (QVERIFY2 would read the log either way)
    QVERIFY(hosts().contains("172.18.0.30 web.apps.test"));
    QCOMPARE(call("POST", u"/records"_qs, goChanges), 204);
    QTRY_VERIFY_WITH_TIMEOUT(hosts().contains("192.168.122.10 app.apps.test"), 5000);
    QVERIFY(hosts().contains("172.18.0.30 web.apps.test"));
    QCOMPARE(stop(process.get()), 0);
}

void TestWebhookHeadless::callerOutsideTheAllowList()
{
    const auto process = start({u"--webhook-listen"_qs, u"127.0.0.1:%1"_qs.arg(m_port),
                                u"--webhook-allow"_qs, u"10.0.0.0/8"_qs});
    if (!waitReady(process.get()))
        QFAIL(process->readAll().constData()); // (QVERIFY2 would read the log either way)
    QCOMPARE(call("GET", u"/"_qs, {}), 403);
    QCOMPARE(call("POST", u"/records"_qs, goChanges), 403);
    QCOMPARE(call("GET", u"/healthz"_qs, {}), 200);
    QTest::qWait(200);
    QVERIFY(!hosts().contains("app.apps.test"));
    QCOMPARE(stop(process.get()), 0);
    QVERIFY(process->readAll().contains("refused a call from 127.0.0.1: not in --webhook-allow"));
}

void TestWebhookHeadless::pathSecret()
{
    const auto process = start({u"--webhook-listen"_qs, u"127.0.0.1:%1"_qs.arg(m_port),
                                u"--webhook-path-secret"_qs, secret});
    if (!waitReady(process.get()))
        QFAIL(process->readAll().constData()); // (QVERIFY2 would read the log either way)
    QCOMPARE(call("GET", u"/"_qs, {}), 404);
    QCOMPARE(call("POST", u"/records"_qs, goChanges), 404);
    QCOMPARE(call("POST", u"/wrong-secret-0123456789/records"_qs, goChanges), 404);
    QTest::qWait(200);
    QVERIFY(!hosts().contains("app.apps.test"));
    QCOMPARE(call("GET", u"/%1/"_qs.arg(secret), {}), 200);
    QCOMPARE(call("POST", u"/%1/records"_qs.arg(secret), goChanges), 204);
    QTRY_VERIFY_WITH_TIMEOUT(hosts().contains("192.168.122.10 app.apps.test"), 5000);
    QCOMPARE(stop(process.get()), 0);
    const QByteArray log = process->readAll();
    QVERIFY2(log.contains("<path secret>"), log.constData());
    QVERIFY2(!log.contains(secret.toUtf8()), log.constData());
    QVERIFY(!log.contains("wrong-secret"));
}

// --webhook-path-secret-file: the secret never reaches the command line (ps), and a bad file
// is refused without quoting it.
void TestWebhookHeadless::pathSecretFromAFile()
{
    const QString file = m_dir->filePath(u"secret"_qs);
    const auto write = [&file](const QByteArray &content) {
        QFile f(file);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) >= 0;
    };
    const auto refused = [this](const QStringList &args) {
        const auto process = start(args);
        if (!process->waitForFinished(20000) || process->exitCode() != 2)
            return u"(not refused)"_qs;
        return QString::fromUtf8(process->readAll());
    };
    const QStringList listen = {u"--webhook-listen"_qs, u"127.0.0.1:%1"_qs.arg(m_port)};

    QVERIFY(write("hunter2\n"));
    QString out = refused(listen + QStringList{u"--webhook-path-secret-file"_qs, file});
    QVERIFY2(out.contains(u"is not a path secret"_qs), qPrintable(out));
    QVERIFY2(!out.contains(u"hunter2"_qs), qPrintable(out));
    out = refused(listen + QStringList{u"--webhook-path-secret-file"_qs, file + u".missing"_qs});
    QVERIFY2(out.contains(u"cannot read"_qs), qPrintable(out));
    QVERIFY(write(secret.toUtf8() + "\n"));
    out = refused(listen + QStringList{u"--webhook-path-secret-file"_qs, file,
                                       u"--webhook-path-secret"_qs, secret});
    QVERIFY2(out.contains(u"not both"_qs), qPrintable(out));

    const auto process = start(listen + QStringList{u"--webhook-path-secret-file"_qs, file});
    if (!waitReady(process.get()))
        QFAIL(process->readAll().constData());
    QCOMPARE(call("GET", u"/"_qs, {}), 404);
    QCOMPARE(call("GET", u"/%1/"_qs.arg(secret), {}), 200);
    QFile cmdline(u"/proc/%1/cmdline"_qs.arg(process->processId()));
    QVERIFY(cmdline.open(QIODevice::ReadOnly));
    QVERIFY(!cmdline.readAll().contains(secret.toUtf8()));
}

void TestWebhookHeadless::badFlags_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("says");
    QTest::newRow("short secret") << QStringList{u"--webhook-listen"_qs, u"127.0.0.1:18888"_qs,
                                                 u"--webhook-path-secret"_qs, u"short"_qs}
                                  << u"at least 16"_qs;
    QTest::newRow("allow without listen")
        << QStringList{u"--webhook-allow"_qs, u"10.0.0.0/8"_qs} << u"goes with --webhook-listen"_qs;
    QTest::newRow("a name, not an address")
        << QStringList{u"--webhook-listen"_qs, u"localhost:8888"_qs} << u"not ADDRESS:PORT"_qs;
    QTest::newRow("no port") << QStringList{u"--webhook-listen"_qs, u"127.0.0.1"_qs}
                             << u"not ADDRESS:PORT"_qs;
    QTest::newRow("bad network") << QStringList{u"--webhook-listen"_qs, u"127.0.0.1:18888"_qs,
                                                u"--webhook-allow"_qs, u"10.0.0.0/40"_qs}
                                 << u"not a network"_qs;
    QTest::newRow("once") << QStringList{u"--webhook-listen"_qs, u"127.0.0.1:18888"_qs,
                                         u"--once"_qs}
                          << u"--once cannot answer ExternalDNS"_qs;
    QTest::newRow("dry run") << QStringList{u"--webhook-listen"_qs, u"127.0.0.1:18888"_qs,
                                            u"--dry-run"_qs}
                             << u"--dry-run binds nothing"_qs;
}

void TestWebhookHeadless::badFlags()
{
    QFETCH(QStringList, args);
    QFETCH(QString, says);
    const auto process = start(args);
    QVERIFY(process->waitForFinished(20000));
    QCOMPARE(process->exitCode(), 2);
    const QString out = QString::fromUtf8(process->readAll());
    QVERIFY2(out.contains(says), qPrintable(out));
}

void TestWebhookHeadless::takenPortStopsAtOnce()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, m_port));
    const auto process = start({u"--webhook-listen"_qs, u"127.0.0.1:%1"_qs.arg(m_port)});
    QVERIFY(process->waitForFinished(20000));
    QCOMPARE(process->exitCode(), 1);
    const QString out = QString::fromUtf8(process->readAll());
    QVERIFY2(
        out.contains(u"cannot listen on 127.0.0.1:%1 for the ExternalDNS webhook"_qs.arg(m_port)),
        qPrintable(out));
    QCOMPARE(hosts(), QByteArray("127.0.0.1 localhost\n"));
}

// Go's own HTTP client and JSON encoder, in the shape of ExternalDNS's webhook client
// (goclient/main.go mirrors provider/webhook/webhook.go), against the binary, through the
// path secret: negotiation, adjustendpoints, records, apply (204), records back exactly.
void TestWebhookHeadless::goClientAsExternalDnsUsesIt()
{
    const QString go = QStandardPaths::findExecutable(u"go"_qs);
    if (go.isEmpty())
        QSKIP("no go here (scripts/install-deps installs golang-go)");
    QProcess build;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"GOCACHE"_qs, m_dir->filePath(u"gocache"_qs));
    env.insert(u"GOPATH"_qs, m_dir->filePath(u"gopath"_qs));
    env.insert(u"GOFLAGS"_qs, u"-mod=mod"_qs);
    env.insert(u"GOTOOLCHAIN"_qs, u"local"_qs);
    build.setProcessEnvironment(env);
    build.setWorkingDirectory(QStringLiteral(K8S_HOSTS_GOCLIENT_DIR));
    build.setProcessChannelMode(QProcess::MergedChannels);
    const QString client = m_dir->filePath(u"goclient"_qs);
    build.start(go, {u"build"_qs, u"-o"_qs, client, u"."_qs});
    QVERIFY(build.waitForFinished(120000)); // another process: blocking is fine
    QVERIFY2(build.exitCode() == 0, build.readAll().constData());

    const auto process = start({u"--webhook-listen"_qs, u"127.0.0.1:%1"_qs.arg(m_port),
                                u"--webhook-domain-filter"_qs, u"apps.test"_qs,
                                u"--webhook-path-secret"_qs, secret});
    if (!waitReady(process.get()))
        QFAIL(process->readAll().constData());
    QProcess run;
    run.setProcessChannelMode(QProcess::MergedChannels);
    run.start(client, {u"http://127.0.0.1:%1/%2/"_qs.arg(m_port).arg(secret)});
    QSignalSpy finished(&run, &QProcess::finished); // the binary answers on our event loop
    QVERIFY(finished.wait(30000));
    const QByteArray said = run.readAll();
    QVERIFY2(run.exitCode() == 0 && said.trimmed() == "ok", said.constData());
    QTRY_VERIFY_WITH_TIMEOUT(hosts().contains("192.168.122.11 app.apps.test"), 5000);
    QVERIFY(!hosts().contains("fd00::"));
    QCOMPARE(stop(process.get()), 0);
}

QTEST_GUILESS_MAIN(TestWebhookHeadless)
#include "tst_webhookheadless.moc"
