// ExecPluginRunner with real (small shell) plugins: what the plugin gets, what we accept.
#include "core/kube/execpluginrunner.h"
#include "tests/kube/pluginscript.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestExecPluginRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void passesArgsEnvAndExecInfo();
    void execInfoWithClusterInfo();
    void v1beta1YamlOutput();
    void clientCertificateOutput();
    void failures_data();
    void failures();
    void hangingPluginHitsTheTimeout();
    void hugeOutputIsRefused();

private:
    struct Outcome
    {
        bool ok = false;
        Credentials credentials;
        QString error;
    };
    Outcome run(const QString &program, const ExecConfig &exec,
                const ClusterConfig &cluster = ClusterConfig(), int timeoutMs = 20000);
    ExecConfig exec(const QString &apiVersion = QStringLiteral("client.authentication.k8s.io/v1"));
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestExecPluginRunner::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

ExecConfig TestExecPluginRunner::exec(const QString &apiVersion)
{
    ExecConfig e;
    e.present = true;
    e.command = QStringLiteral("plugin");
    e.apiVersion = apiVersion;
    e.interactiveMode = QStringLiteral("Never");
    return e;
}

TestExecPluginRunner::Outcome TestExecPluginRunner::run(const QString &program,
                                                        const ExecConfig &exec,
                                                        const ClusterConfig &cluster, int timeoutMs)
{
    ExecPluginRunner runner(program, exec, cluster);
    runner.setTimeout(timeoutMs);
    QSignalSpy ok(&runner, &ExecPluginRunner::succeeded);
    QSignalSpy failed(&runner, &ExecPluginRunner::failed);
    runner.start();
    Outcome outcome;
    if (!QTest::qWaitFor([&] { return !ok.isEmpty() || !failed.isEmpty(); }, 30000)) {
        outcome.error = QStringLiteral("no answer");
        return outcome;
    }
    outcome.ok = !ok.isEmpty();
    if (outcome.ok)
        outcome.credentials = ok.first().first().value<Credentials>();
    else
        outcome.error = failed.first().first().toString();
    return outcome;
}

void TestExecPluginRunner::passesArgsEnvAndExecInfo()
{
    const QString plugin = PluginScript::write(
        m_dir->path(), QStringLiteral("plugin"),
        "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$(dirname \"$0\")/info\"\n"
        "printf '%s|%s|%s' \"$1\" \"$2\" \"$GREETING\" > \"$(dirname \"$0\")/seen\"\n" +
            PluginScript::tokenBody("client.authentication.k8s.io/v1", "t"));
    ExecConfig e = exec();
    e.args = {QStringLiteral("eks"), QStringLiteral("get token")};
    e.env = {{QStringLiteral("GREETING"), QStringLiteral("first")},
             {QStringLiteral("GREETING"), QStringLiteral("later wins")}};
    const Outcome outcome = run(plugin, e);
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    QVERIFY(outcome.credentials.bearerToken == "t-1");
    QCOMPARE(outcome.credentials.source, Credentials::Source::ExecPlugin);
    QVERIFY(!outcome.credentials.expiry.isValid());
    QFile seen(m_dir->filePath(QStringLiteral("seen")));
    QVERIFY(seen.open(QIODevice::ReadOnly));
    QCOMPARE(seen.readAll(), QByteArray("eks|get token|later wins"));
    QFile info(m_dir->filePath(QStringLiteral("info")));
    QVERIFY(info.open(QIODevice::ReadOnly));
    QCOMPARE(info.readAll(),
             QByteArray(R"({"apiVersion":"client.authentication.k8s.io/v1",)"
                        R"("kind":"ExecCredential","spec":{"interactive":false}})"));
}

void TestExecPluginRunner::execInfoWithClusterInfo()
{
    ExecConfig e = exec(QStringLiteral("client.authentication.k8s.io/v1beta1"));
    e.provideClusterInfo = true;
    ClusterConfig cluster;
    cluster.server = QStringLiteral("https://gke.test");
    cluster.tlsServerName = QStringLiteral("kubernetes.default");
    cluster.certificateAuthorityData = "CA PEM";
    cluster.execExtension = QJsonObject{{QStringLiteral("audience"), QStringLiteral("x")}};
    const QJsonObject info =
        QJsonDocument::fromJson(ExecPluginRunner::execInfo(e, cluster)).object();
    QCOMPARE(info[QStringLiteral("apiVersion")].toString(), e.apiVersion);
    const QJsonObject c = info[QStringLiteral("spec")][QStringLiteral("cluster")].toObject();
    QCOMPARE(c[QStringLiteral("server")].toString(), u"https://gke.test"_qs);
    QCOMPARE(c[QStringLiteral("tls-server-name")].toString(), u"kubernetes.default"_qs);
    QCOMPARE(c[QStringLiteral("certificate-authority-data")].toString(),
             QString::fromLatin1(QByteArray("CA PEM").toBase64()));
    QCOMPARE(c[QStringLiteral("config")][QStringLiteral("audience")].toString(), u"x"_qs);
    QCOMPARE(info[QStringLiteral("spec")][QStringLiteral("interactive")].toBool(true), false);
}

void TestExecPluginRunner::v1beta1YamlOutput()
{
    const QString plugin = PluginScript::write(
        m_dir->path(), QStringLiteral("plugin"),
        "cat <<'EOF'\napiVersion: client.authentication.k8s.io/v1beta1\nkind: ExecCredential\n"
        "status:\n  token: yaml-token\n  expirationTimestamp: "
        "\"2031-02-03T04:05:06.5+01:00\"\nEOF\n");
    const Outcome outcome =
        run(plugin, exec(QStringLiteral("client.authentication.k8s.io/v1beta1")));
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    QVERIFY(outcome.credentials.bearerToken == "yaml-token");
    QCOMPARE(outcome.credentials.expiry.toUTC(),
             QDateTime(QDate(2031, 2, 3), QTime(3, 5, 6, 500), Qt::UTC));
}

void TestExecPluginRunner::clientCertificateOutput()
{
    const QString plugin = PluginScript::write(
        m_dir->path(), QStringLiteral("plugin"),
        "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        "\"status\":{\"clientCertificateData\":\"CERT PEM\",\"clientKeyData\":\"KEY PEM\"}}'\n");
    const Outcome outcome = run(plugin, exec());
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    QCOMPARE(outcome.credentials.clientCertificatePem, QByteArray("CERT PEM"));
    QCOMPARE(outcome.credentials.clientKeyPem, QByteArray("KEY PEM"));
    QVERIFY(outcome.credentials.bearerToken.isEmpty());
}

void TestExecPluginRunner::failures_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("garbage") << QByteArray(
                                    "echo 'Unable to locate credentials. secret-in-stdout'\n")
                             << u"not an ExecCredential"_qs;
    QTest::newRow("empty") << QByteArray("true\n") << u"not an ExecCredential"_qs;
    QTest::newRow("text before JSON")
        << QByteArray("echo 'Refreshing...'; echo '{\"apiVersion\":\"client.authentication.k8s.io/"
                      "v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"secret-x\"}}'\n")
        << u"not an ExecCredential"_qs;
    QTest::newRow("other apiVersion")
        << QByteArray("echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                      "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"secret-x\"}}'\n")
        << u"plugin returned version client.authentication.k8s.io/v1beta1"_qs;
    QTest::newRow("no status") << QByteArray(
                                      "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                                      "\"kind\":\"ExecCredential\"}'\n")
                               << u"without a status"_qs;
    QTest::newRow("cert without key")
        << QByteArray(
               "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
               "\"kind\":\"ExecCredential\",\"status\":{\"clientCertificateData\":\"C\"}}'\n")
        << u"without its key"_qs;
    QTest::newRow("bad expiry")
        << QByteArray("echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                      "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"secret-x\","
                      "\"expirationTimestamp\":\"tomorrow\"}}'\n")
        << u"not an RFC 3339 time"_qs;
    QTest::newRow("exit code")
        << QByteArray("echo 'error: SSO session expired, run aws sso login' >&2; exit 3\n")
        << u"failed with exit code 3 (it said: error: SSO session expired, run aws sso login)"_qs;
    QTest::newRow("killed") << QByteArray("kill -9 $$\n") << u"crashed"_qs;
}

void TestExecPluginRunner::failures()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    const Outcome outcome =
        run(PluginScript::write(m_dir->path(), QStringLiteral("plugin"), body), exec());
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.error.contains(expected), qPrintable(outcome.error));
    QVERIFY2(!outcome.error.contains(u"secret"), qPrintable(outcome.error));
}

void TestExecPluginRunner::hangingPluginHitsTheTimeout()
{
    // Waits forever for a browser login that never comes.
    const QString plugin =
        PluginScript::write(m_dir->path(), QStringLiteral("plugin"), "exec tail -f /dev/null\n");
    const Outcome outcome = run(plugin, exec(), ClusterConfig(), 300);
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.error.contains(u"did not finish within 0.3 s"), qPrintable(outcome.error));
}

void TestExecPluginRunner::hugeOutputIsRefused()
{
    const QString plugin =
        PluginScript::write(m_dir->path(), QStringLiteral("plugin"),
                            "exec yes aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
    const Outcome outcome = run(plugin, exec());
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.error.contains(u"more than 1 MiB"), qPrintable(outcome.error));
}

QTEST_GUILESS_MAIN(TestExecPluginRunner)
#include "tst_execpluginrunner.moc"
