// CredentialProvider without a keychain: static tokens, token files, exec plugins with
// expiry and 401 refresh, missing plugins, and that no secret reaches a log or an error.
#include "core/kube/contexttransport.h"
#include "core/kube/credentialprovider.h"
#include "core/kube/loginshellpath.h"
#include "tests/kube/pluginscript.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
QStringList s_log;
void captureMessage(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    s_log.append(QString::fromLatin1(context.category ? context.category : "") + u' ' + message);
}
} // namespace

class TestCredentialProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void staticToken();
    void tokenFileIsReReadOnEveryRequest();
    void plainHttpSendsNothing();
    void unusableContextFails();
    void execV1AndV1beta1_data();
    void execV1AndV1beta1();
    void expiryIsHonoured();
    void unauthorizedRefreshesOnce();
    void staticCredentialsAreNotRefreshed();
    void missingPluginShowsInstallHintAndWhereWeLooked();
    void pluginFoundThroughLoginShellPath();
    void interactiveAlwaysIsRefused();
    void hangingPluginTimesOut();
    void concurrentRequestsShareOneRun();
    void noSecretInLogsOrErrors();

private:
    ContextConfig execContext(const QString &command, const QString &apiVersion = QStringLiteral(
                                                          "client.authentication.k8s.io/v1")) const;
    // Requests once; returns the credentials, or fails the test with the error.
    bool request(CredentialProvider &provider, Credentials *out, QString *error = nullptr);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCredentialProvider::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    LoginShellPath::forget();
}

static ContextConfig httpsContext()
{
    ContextConfig c;
    c.name = QStringLiteral("prod");
    c.clusterName = QStringLiteral("prod");
    c.userName = QStringLiteral("admin");
    c.cluster.server = QStringLiteral("https://10.0.0.1:6443");
    c.cluster.serverUrl = QUrl(c.cluster.server);
    return c;
}

ContextConfig TestCredentialProvider::execContext(const QString &command,
                                                  const QString &apiVersion) const
{
    ContextConfig c = httpsContext();
    c.user.exec.present = true;
    c.user.exec.command = command;
    c.user.exec.apiVersion = apiVersion;
    c.user.exec.interactiveMode = QStringLiteral("IfAvailable");
    return c;
}

bool TestCredentialProvider::request(CredentialProvider &provider, Credentials *out, QString *error)
{
    QSignalSpy ready(&provider, &CredentialProvider::ready);
    QSignalSpy failed(&provider, &CredentialProvider::failed);
    provider.request();
    if (!QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, 30000))
        return false;
    if (!failed.isEmpty()) {
        if (error)
            *error = failed.first().first().toString();
        return false;
    }
    *out = ready.first().first().value<Credentials>();
    return true;
}

void TestCredentialProvider::staticToken()
{
    ContextConfig c = httpsContext();
    c.user.token = QStringLiteral("static-value");
    CredentialProvider provider(c, nullptr);
    Credentials credentials;
    QVERIFY(request(provider, &credentials));
    QCOMPARE(credentials.source, Credentials::Source::Token);
    QVERIFY(credentials.authorization() == "Bearer static-value");
    QVERIFY(provider.staticProblem().isEmpty());
}

void TestCredentialProvider::tokenFileIsReReadOnEveryRequest()
{
    const QString path = m_dir->filePath(QStringLiteral("token"));
    const auto writeToken = [&](const QByteArray &value) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(value);
    };
    writeToken("first-rotation\n");
    ContextConfig c = httpsContext();
    c.user.tokenFile = path;
    c.user.token = QStringLiteral("fallback-value");
    CredentialProvider provider(c, nullptr);
    Credentials credentials;
    QVERIFY(request(provider, &credentials));
    QVERIFY(credentials.bearerToken == "first-rotation");
    QCOMPARE(credentials.source, Credentials::Source::TokenFile);
    writeToken("second-rotation");
    QVERIFY(request(provider, &credentials));
    QVERIFY(credentials.bearerToken == "second-rotation");
    QFile::remove(path); // unreadable: the static token is the fallback
    QVERIFY(request(provider, &credentials));
    QVERIFY(credentials.bearerToken == "fallback-value");
    c.user.token.clear();
    CredentialProvider noFallback(c, nullptr);
    QString error;
    QVERIFY(!request(noFallback, &credentials, &error));
    QVERIFY2(error.contains(u"cannot be read"), qPrintable(error));
    QCOMPARE(noFallback.staticProblem(), error);
}

void TestCredentialProvider::plainHttpSendsNothing()
{
    ContextConfig c = httpsContext();
    c.cluster.serverUrl = QUrl(QStringLiteral("http://localhost:8080"));
    c.user.token = QStringLiteral("static-value");
    CredentialProvider provider(c, nullptr);
    Credentials credentials;
    QVERIFY(request(provider, &credentials));
    QCOMPARE(credentials.source, Credentials::Source::Anonymous);
    QVERIFY(credentials.authorization().isEmpty());
}

void TestCredentialProvider::unusableContextFails()
{
    ContextConfig c = httpsContext();
    c.error = QStringLiteral("cluster \"x\" has no server; set it");
    CredentialProvider provider(c, nullptr);
    Credentials credentials;
    QString error;
    QVERIFY(!request(provider, &credentials, &error));
    QCOMPARE(error, c.error);
}

void TestCredentialProvider::execV1AndV1beta1_data()
{
    QTest::addColumn<QByteArray>("apiVersion");
    QTest::newRow("v1") << QByteArray("client.authentication.k8s.io/v1");
    QTest::newRow("v1beta1") << QByteArray("client.authentication.k8s.io/v1beta1");
}

void TestCredentialProvider::execV1AndV1beta1()
{
    QFETCH(QByteArray, apiVersion);
    const QString plugin = PluginScript::write(m_dir->path(), QStringLiteral("plugin"),
                                               PluginScript::tokenBody(apiVersion, "exec"));
    CredentialProvider provider(execContext(plugin, QString::fromLatin1(apiVersion)), nullptr);
    Credentials credentials;
    QVERIFY(request(provider, &credentials));
    QCOMPARE(credentials.source, Credentials::Source::ExecPlugin);
    QVERIFY(credentials.bearerToken == "exec-1");
}

void TestCredentialProvider::expiryIsHonoured()
{
    const QString plugin = PluginScript::write(
        m_dir->path(), QStringLiteral("plugin"),
        PluginScript::tokenBody("client.authentication.k8s.io/v1", "exp", "2030-01-01T00:00:00Z"));
    QDateTime now(QDate(2029, 12, 31), QTime(23, 0), Qt::UTC);
    CredentialProvider provider(execContext(plugin), nullptr);
    provider.setClock([&] { return now; });
    Credentials credentials;
    QVERIFY(request(provider, &credentials));
    QVERIFY(credentials.bearerToken == "exp-1");
    QCOMPARE(credentials.expiry, QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC));
    QVERIFY(request(provider, &credentials));
    QVERIFY(credentials.bearerToken == "exp-1"); // still valid: not run again
    QCOMPARE(PluginScript::runs(m_dir->path()), 1);
    now = QDateTime(QDate(2030, 1, 1), QTime(0, 0, 1), Qt::UTC);
    QVERIFY(request(provider, &credentials));
    QVERIFY(credentials.bearerToken == "exp-2");
    QCOMPARE(PluginScript::runs(m_dir->path()), 2);
}

void TestCredentialProvider::unauthorizedRefreshesOnce()
{
    const QString plugin =
        PluginScript::write(m_dir->path(), QStringLiteral("plugin"),
                            PluginScript::tokenBody("client.authentication.k8s.io/v1", "r"));
    CredentialProvider provider(execContext(plugin), nullptr);
    Credentials first;
    QVERIFY(request(provider, &first));
    QVERIFY(request(provider, &first)); // no expiry: kept until the server refuses it
    QCOMPARE(PluginScript::runs(m_dir->path()), 1);

    QSignalSpy ready(&provider, &CredentialProvider::ready);
    QVERIFY(provider.refreshAfterUnauthorized(first.generation));
    QVERIFY(ready.wait(30000));
    const Credentials second = ready.first().first().value<Credentials>();
    QVERIFY(second.bearerToken == "r-2");
    QVERIFY(second.generation != first.generation);
    // A second 401 for the old credentials (a request that was in flight) does not run the
    // plugin again: the newer credentials are handed out.
    ready.clear();
    QVERIFY(provider.refreshAfterUnauthorized(first.generation));
    QVERIFY(ready.wait(30000));
    QVERIFY(ready.first().first().value<Credentials>().bearerToken == "r-2");
    QCOMPARE(PluginScript::runs(m_dir->path()), 2);
}

void TestCredentialProvider::staticCredentialsAreNotRefreshed()
{
    ContextConfig c = httpsContext();
    c.user.token = QStringLiteral("static-value");
    CredentialProvider provider(c, nullptr);
    Credentials credentials;
    QVERIFY(request(provider, &credentials));
    QVERIFY(!provider.refreshAfterUnauthorized(credentials.generation));
}

void TestCredentialProvider::missingPluginShowsInstallHintAndWhereWeLooked()
{
    ContextConfig c = execContext(QStringLiteral("k8s-hosts-no-such-plugin"));
    c.user.exec.installHint = QStringLiteral("Install it with: brew install no-such-plugin\n");
    CredentialProvider provider(c, nullptr);
    provider.setCommandLocator(CommandLocator({m_dir->path(), QStringLiteral("/usr/bin")}));
    provider.setUseLoginShellPath(false);
    Credentials credentials;
    QString error;
    QVERIFY(!request(provider, &credentials, &error));
    QVERIFY2(error.contains(u"\"k8s-hosts-no-such-plugin\" was not found"), qPrintable(error));
    QVERIFY2(
        error.contains(QStringLiteral("looked in ") + m_dir->path() + QStringLiteral(":/usr/bin")),
        qPrintable(error));
    QVERIFY2(error.endsWith(u"Install it with: brew install no-such-plugin"), qPrintable(error));
    QCOMPARE(provider.staticProblem(), error);
}

void TestCredentialProvider::pluginFoundThroughLoginShellPath()
{
    // The plugin lives where only the login shell's profile puts it on PATH.
    const QString hidden = m_dir->filePath(QStringLiteral("brew/bin"));
    PluginScript::write(hidden, QStringLiteral("k8s-hosts-test-plugin"),
                        PluginScript::tokenBody("client.authentication.k8s.io/v1", "shell"));
    const QString shell = PluginScript::write(m_dir->path(), QStringLiteral("fake-shell"),
                                              "PATH=\"" + hidden.toUtf8() +
                                                  ":$PATH\"; export PATH\necho 'Welcome banner'\n"
                                                  "shift 2\nexec /bin/sh -c \"$1\"\n");
    QProcessEnvironment env;
    env.insert(QStringLiteral("SHELL"), shell);
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    env.insert(QStringLiteral("HOME"), m_dir->path());
    CredentialProvider provider(execContext(QStringLiteral("k8s-hosts-test-plugin")), nullptr);
    provider.setEnvironment(env);
    Credentials credentials;
    QString error;
    QVERIFY2(request(provider, &credentials, &error), qPrintable(error));
    QVERIFY(credentials.bearerToken == "shell-1");
    QVERIFY(LoginShellPath::known().contains(hidden));
}

void TestCredentialProvider::interactiveAlwaysIsRefused()
{
    const QString plugin =
        PluginScript::write(m_dir->path(), QStringLiteral("plugin"),
                            PluginScript::tokenBody("client.authentication.k8s.io/v1", "x"));
    ContextConfig c = execContext(plugin);
    c.user.exec.interactiveMode = QStringLiteral("Always");
    CredentialProvider provider(c, nullptr);
    Credentials credentials;
    QString error;
    QVERIFY(!request(provider, &credentials, &error));
    QVERIFY2(error.contains(u"needs a terminal"), qPrintable(error));
    QCOMPARE(PluginScript::runs(m_dir->path()), 0);
}

void TestCredentialProvider::hangingPluginTimesOut()
{
    const QString plugin =
        PluginScript::write(m_dir->path(), QStringLiteral("plugin"), "exec tail -f /dev/null\n");
    CredentialProvider provider(execContext(plugin), nullptr);
    provider.setPluginTimeout(200);
    Credentials credentials;
    QString error;
    QVERIFY(!request(provider, &credentials, &error));
    QVERIFY2(error.contains(u"did not finish within 0.2 s"), qPrintable(error));
    QVERIFY2(error.startsWith(u"context \"prod\": the exec plugin "), qPrintable(error));
}

void TestCredentialProvider::concurrentRequestsShareOneRun()
{
    const QString plugin =
        PluginScript::write(m_dir->path(), QStringLiteral("plugin"),
                            PluginScript::tokenBody("client.authentication.k8s.io/v1", "c"));
    CredentialProvider provider(execContext(plugin), nullptr);
    QSignalSpy ready(&provider, &CredentialProvider::ready);
    provider.request();
    provider.request();
    provider.request();
    QVERIFY(ready.wait(30000));
    QCOMPARE(ready.size(), 1);
    QCOMPARE(PluginScript::runs(m_dir->path()), 1);
}

void TestCredentialProvider::noSecretInLogsOrErrors()
{
    const QByteArray secret = "SeCrEt-4b1d-token-value";
    QLoggingCategory::setFilterRules(QStringLiteral("k8shosts.*=true"));
    s_log.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
    QStringList errors;

    // A plugin that succeeds, one that prints the secret in a broken document, one that
    // fails after printing it, and a 401 refresh.
    const QString good = PluginScript::write(
        m_dir->path(), QStringLiteral("good"),
        "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        "\"status\":{\"token\":\"" +
            secret + "\",\"expirationTimestamp\":\"2099-01-01T00:00:00Z\"}}'\n");
    const QString broken = PluginScript::write(
        m_dir->path(), QStringLiteral("broken"),
        "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        "\"status\":{\"token\":\"" +
            secret + "\"'\n");
    const QString wrongVersion = PluginScript::write(
        m_dir->path(), QStringLiteral("wrong"),
        "echo '{\"apiVersion\":\"v9\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" +
            secret + "\"}}'\n");
    for (const QString &plugin : {good, broken, wrongVersion}) {
        CredentialProvider provider(execContext(plugin), nullptr);
        Credentials credentials;
        QString error;
        if (request(provider, &credentials, &error)) {
            QVERIFY(credentials.bearerToken == secret);
            QSignalSpy ready(&provider, &CredentialProvider::ready);
            QVERIFY(provider.refreshAfterUnauthorized(credentials.generation));
            QVERIFY(ready.wait(30000));
            // The request we would send carries it; only in the header.
            const QNetworkRequest r = ContextTransport(execContext(plugin))
                                          .prepareRequest(QStringLiteral("/api"), credentials);
            QVERIFY(r.rawHeader("Authorization") == "Bearer " + secret);
        }
        errors.append(error);
    }
    // Static token and basic auth, over https and http, with a bad certificate.
    ContextConfig c = httpsContext();
    c.user.token = QString::fromLatin1(secret);
    c.user.clientCertificateData = "not a cert " + secret;
    c.user.clientKeyData = "not a key " + secret;
    CredentialProvider provider(c, nullptr);
    Credentials credentials;
    QString error;
    request(provider, &credentials, &error);
    errors.append(error);
    errors.append(provider.staticProblem());

    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY(s_log.size() >= 3); // we did log: the runs, successes and failures
    for (const QString &line : std::as_const(s_log))
        QVERIFY2(!line.contains(QString::fromLatin1(secret)), "a log line held the token");
    QCOMPARE(errors.size(), 5);
    QVERIFY(!errors.at(1).isEmpty() && !errors.at(2).isEmpty() && !errors.at(3).isEmpty());
    for (const QString &e : std::as_const(errors))
        QVERIFY2(!e.contains(QString::fromLatin1(secret)), "an error message held the token");
}

QTEST_GUILESS_MAIN(TestCredentialProvider)
#include "tst_credentialprovider.moc"
