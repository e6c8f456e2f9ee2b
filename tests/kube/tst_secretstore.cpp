// SecretStore and the keychain cache of CredentialProvider against a real Secret Service
// (gnome-keyring on a private D-Bus session).
#include "core/kube/credentialprovider.h"
#include "core/kube/secretstore.h"
#include "tests/kube/keyringfixture.h"
#include "tests/kube/pluginscript.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void writeReadDelete();
    void execCredentialsSurviveARestart();
    void expiredCacheRunsThePlugin();
    void unauthorizedDropsTheCache();
    void enteredTokenIsKept();

private:
    SecretJob *finish(SecretJob *job);
    ContextConfig execContext(const QString &name, const QString &plugin) const;
    bool request(CredentialProvider &provider, Credentials *out);

    KeyringFixture m_keyring;
    QTemporaryDir m_dir;
};

void TestSecretStore::initTestCase()
{
    QString error;
    QVERIFY2(m_keyring.start(&error), qPrintable(error));
    QVERIFY(m_dir.isValid());
}

void TestSecretStore::cleanupTestCase()
{
    m_keyring.stop();
}

SecretJob *TestSecretStore::finish(SecretJob *job)
{
    job->setAutoDelete(false);
    QSignalSpy finished(job, &SecretJob::finished);
    job->start();
    if (!finished.wait(20000))
        return nullptr;
    return job;
}

ContextConfig TestSecretStore::execContext(const QString &name, const QString &plugin) const
{
    ContextConfig c;
    c.name = name;
    c.clusterName = name;
    c.userName = name;
    c.cluster.server = QStringLiteral("https://%1.test:6443").arg(name);
    c.cluster.serverUrl = QUrl(c.cluster.server);
    c.user.exec.present = true;
    c.user.exec.command = plugin;
    c.user.exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
    c.user.exec.interactiveMode = QStringLiteral("Never");
    return c;
}

bool TestSecretStore::request(CredentialProvider &provider, Credentials *out)
{
    QSignalSpy ready(&provider, &CredentialProvider::ready);
    QSignalSpy failed(&provider, &CredentialProvider::failed);
    provider.request();
    if (!QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, 30000) ||
        ready.isEmpty())
        return false;
    *out = ready.first().first().value<Credentials>();
    return true;
}

void TestSecretStore::writeReadDelete()
{
    SecretStore store(QStringLiteral("k8s-hosts-test"));
    std::unique_ptr<SecretJob> write(finish(store.write(QStringLiteral("k"), "v4lue")));
    QVERIFY(write);
    QCOMPARE(write->error(), SecretJob::Error::None);
    std::unique_ptr<SecretJob> read(finish(store.read(QStringLiteral("k"))));
    QVERIFY(read);
    QCOMPARE(read->error(), SecretJob::Error::None);
    QCOMPARE(read->secret(), QByteArray("v4lue"));
    std::unique_ptr<SecretJob> remove(finish(store.remove(QStringLiteral("k"))));
    QCOMPARE(remove->error(), SecretJob::Error::None);
    std::unique_ptr<SecretJob> again(finish(store.read(QStringLiteral("k"))));
    QCOMPARE(again->error(), SecretJob::Error::NotFound);
    QVERIFY(store.isAvailable());
}

void TestSecretStore::execCredentialsSurviveARestart()
{
    const QString dir = m_dir.filePath(QStringLiteral("restart"));
    const QString plugin =
        PluginScript::write(dir, QStringLiteral("plugin"),
                            PluginScript::tokenBody("client.authentication.k8s.io/v1", "cached",
                                                    "2099-01-01T00:00:00Z"));
    SecretStore store(QStringLiteral("k8s-hosts-test"));
    Credentials credentials;
    {
        CredentialProvider first(execContext(QStringLiteral("eks-prod"), plugin), &store);
        QVERIFY(request(first, &credentials));
        QCOMPARE(credentials.source, Credentials::Source::ExecPlugin);
    }
    // The cache write is its own job; the next "process" reads what it wrote.
    QTRY_VERIFY_WITH_TIMEOUT(store.findChildren<SecretJob *>().isEmpty(), 20000);
    CredentialProvider second(execContext(QStringLiteral("eks-prod"), plugin), &store);
    QVERIFY(request(second, &credentials));
    QCOMPARE(credentials.source, Credentials::Source::ExecCache);
    QVERIFY(credentials.bearerToken == "cached-1");
    QCOMPARE(PluginScript::runs(dir), 1);
    // Another context, or the same name with another plugin invocation, does not reuse it.
    ContextConfig changed = execContext(QStringLiteral("eks-prod"), plugin);
    changed.user.exec.args = {QStringLiteral("--region"), QStringLiteral("eu-west-1")};
    CredentialProvider third(changed, &store);
    QVERIFY(request(third, &credentials));
    QCOMPARE(credentials.source, Credentials::Source::ExecPlugin);
    QCOMPARE(PluginScript::runs(dir), 2);
    QTRY_VERIFY_WITH_TIMEOUT(store.findChildren<SecretJob *>().isEmpty(), 20000);
}

void TestSecretStore::expiredCacheRunsThePlugin()
{
    const QString dir = m_dir.filePath(QStringLiteral("expired"));
    const QString plugin = PluginScript::write(
        dir, QStringLiteral("plugin"),
        PluginScript::tokenBody("client.authentication.k8s.io/v1", "e", "2030-01-01T00:00:00Z"));
    SecretStore store(QStringLiteral("k8s-hosts-test"));
    Credentials credentials;
    {
        CredentialProvider first(execContext(QStringLiteral("gke"), plugin), &store);
        first.setClock([] { return QDateTime(QDate(2029, 1, 1), QTime(0, 0), Qt::UTC); });
        QVERIFY(request(first, &credentials));
    }
    QTRY_VERIFY_WITH_TIMEOUT(store.findChildren<SecretJob *>().isEmpty(), 20000);
    CredentialProvider later(execContext(QStringLiteral("gke"), plugin), &store);
    later.setClock([] { return QDateTime(QDate(2031, 1, 1), QTime(0, 0), Qt::UTC); });
    QVERIFY(request(later, &credentials));
    QCOMPARE(credentials.source, Credentials::Source::ExecPlugin);
    QVERIFY(credentials.bearerToken == "e-2");
    QTRY_VERIFY_WITH_TIMEOUT(store.findChildren<SecretJob *>().isEmpty(), 20000);
}

void TestSecretStore::unauthorizedDropsTheCache()
{
    const QString dir = m_dir.filePath(QStringLiteral("401"));
    const QString plugin = PluginScript::write(
        dir, QStringLiteral("plugin"),
        PluginScript::tokenBody("client.authentication.k8s.io/v1", "u", "2099-01-01T00:00:00Z"));
    SecretStore store(QStringLiteral("k8s-hosts-test"));
    Credentials credentials;
    {
        CredentialProvider first(execContext(QStringLiteral("aks"), plugin), &store);
        QVERIFY(request(first, &credentials));
    }
    QTRY_VERIFY_WITH_TIMEOUT(store.findChildren<SecretJob *>().isEmpty(), 20000);
    CredentialProvider second(execContext(QStringLiteral("aks"), plugin), &store);
    QVERIFY(request(second, &credentials));
    QCOMPARE(credentials.source, Credentials::Source::ExecCache);
    QSignalSpy ready(&second, &CredentialProvider::ready);
    QVERIFY(second.refreshAfterUnauthorized(credentials.generation));
    QVERIFY(ready.wait(30000));
    const Credentials fresh = ready.first().first().value<Credentials>();
    QCOMPARE(fresh.source, Credentials::Source::ExecPlugin);
    QVERIFY(fresh.bearerToken == "u-2");
    // The store goes away with this test: let its keychain jobs finish first.
    QTRY_VERIFY_WITH_TIMEOUT(store.findChildren<SecretJob *>().isEmpty(), 20000);
}

void TestSecretStore::enteredTokenIsKept()
{
    ContextConfig c;
    c.name = QStringLiteral("bare");
    c.cluster.server = QStringLiteral("https://bare.test");
    c.cluster.serverUrl = QUrl(c.cluster.server);
    SecretStore store(QStringLiteral("k8s-hosts-test"));
    CredentialProvider provider(c, &store);
    Credentials credentials;
    QVERIFY(request(provider, &credentials));
    QCOMPARE(credentials.source, Credentials::Source::Anonymous);
    QSignalSpy stored(&provider, &CredentialProvider::tokenStored);
    provider.storeUserToken("typed-in-token");
    QVERIFY(stored.wait(20000));
    CredentialProvider restarted(c, &store);
    QVERIFY(request(restarted, &credentials));
    QCOMPARE(credentials.source, Credentials::Source::KeychainToken);
    QVERIFY(credentials.authorization() == "Bearer typed-in-token");
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
