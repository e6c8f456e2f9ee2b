// SecretStore and CredentialProvider when there is no keychain at all (no session bus, as
// on a headless CI runner): said once, and everything works without caching.
#include "core/kube/credentialprovider.h"
#include "core/kube/secretstore.h"
#include "tests/kube/pluginscript.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSecretStoreNoBackend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void saysSoOnceAndFailsFast();
    void credentialsStillWork();
};

void TestSecretStoreNoBackend::initTestCase()
{
    // CMake points the session bus at a socket that does not exist.
    QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"nonexistent"),
             "run with DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent");
}

void TestSecretStoreNoBackend::saysSoOnceAndFailsFast()
{
    SecretStore store(QStringLiteral("k8s-hosts-test"));
    store.setRetryDelay(10);
    QSignalSpy unavailable(&store, &SecretStore::unavailable);
    for (int i = 0; i < 3; ++i) {
        SecretJob *job = store.write(QStringLiteral("k"), "secret-value");
        job->setAutoDelete(false);
        QSignalSpy finished(job, &SecretJob::finished);
        job->start();
        QVERIFY(finished.wait(30000));
        QVERIFY(job->error() == SecretJob::Error::NoBackend);
        QVERIFY(!job->errorString().contains(u"secret-value"));
        delete job;
    }
    QCOMPARE(unavailable.size(), 1);
    QVERIFY(unavailable.first().first().toString().contains(u"No keychain is available"));
    QVERIFY(!store.isAvailable());
}

void TestSecretStoreNoBackend::credentialsStillWork()
{
    QTemporaryDir dir;
    const QString plugin = PluginScript::write(
        dir.path(), QStringLiteral("plugin"),
        PluginScript::tokenBody("client.authentication.k8s.io/v1", "n", "2099-01-01T00:00:00Z"));
    ContextConfig c;
    c.name = QStringLiteral("ci");
    c.cluster.server = QStringLiteral("https://ci.test");
    c.cluster.serverUrl = QUrl(c.cluster.server);
    c.user.exec.present = true;
    c.user.exec.command = plugin;
    c.user.exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
    c.user.exec.interactiveMode = QStringLiteral("Never");
    SecretStore store(QStringLiteral("k8s-hosts-test"));
    store.setRetryDelay(10);
    for (int restart = 1; restart <= 2; ++restart) {
        CredentialProvider provider(c, &store);
        QSignalSpy ready(&provider, &CredentialProvider::ready);
        provider.request();
        QVERIFY(ready.wait(30000));
        const Credentials credentials = ready.first().first().value<Credentials>();
        QCOMPARE(credentials.source, Credentials::Source::ExecPlugin);
        QVERIFY(credentials.bearerToken == "n-" + QByteArray::number(restart));
    }
    QCOMPARE(PluginScript::runs(dir.path()), 2); // no cache without a keychain
}

QTEST_GUILESS_MAIN(TestSecretStoreNoBackend)
#include "tst_secretstorenobackend.moc"
