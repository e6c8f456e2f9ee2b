// TraySettings and ContextChoices: what is remembered between runs (enabled contexts and
// namespace choices, also for names with '/'), what the first run and --context do, and
// that no credential ever reaches the settings file.
#include "app/tray/contextchoices.h"
#include "app/tray/traysettings.h"
#include "core/sync/contextconnection.h"
#include "core/sync/workspace.h"
#include "tests/support/directpublishers.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class TestTraySettings : public QObject
{
    Q_OBJECT

    static QByteArray fileBytes(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void defaultsAndRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"settings.ini"_qs);
        {
            QSettings qs(path, QSettings::IniFormat);
            TraySettings settings(&qs);
            QVERIFY(!settings.hasContexts());
            QCOMPARE(settings.sources(), allSources());
            QCOMPARE(settings.marker(), u"K8S-HOSTS"_qs);
            QVERIFY(!settings.keepEntriesAfterQuit());
            QCOMPARE(settings.notifications(), NotificationLevel::Problems);

            const QString eks = u"arn:aws:eks:eu-west-1:123456789012:cluster/prod"_qs;
            settings.setContext(eks, {true, {false, {u"payments"_qs, u"web"_qs}}, {}});
            settings.setContext(u"kind-dev"_qs, {false, {true, {}}, u"127.0.0.1"_qs});
            settings.setSources(Sources(Source::Ingress) | Source::Service);
            settings.setMarker(u"DEV-HOSTS"_qs);
            settings.setKeepEntriesAfterQuit(true);
            settings.setNotifications(NotificationLevel::Everything);
            settings.sync();
        }
        QSettings qs(path, QSettings::IniFormat);
        TraySettings settings(&qs);
        QVERIFY(settings.hasContexts());
        const auto contexts = settings.contexts();
        QCOMPARE(contexts.size(), 2);
        const auto eks = contexts.value(u"arn:aws:eks:eu-west-1:123456789012:cluster/prod"_qs);
        QVERIFY(eks.enabled);
        QCOMPARE(eks.namespaces, (NamespaceSelection{false, {u"payments"_qs, u"web"_qs}}));
        QCOMPARE(contexts.value(u"kind-dev"_qs),
                 (TraySettings::Context{false, {true, {}}, u"127.0.0.1"_qs}));
        QCOMPARE(settings.sources(), Sources(Source::Ingress) | Source::Service);
        QCOMPARE(settings.marker(), u"DEV-HOSTS"_qs);
        QVERIFY(settings.keepEntriesAfterQuit());
        QCOMPARE(settings.notifications(), NotificationLevel::Everything);
        // Switched off before there were levels: off still.
        qs.remove(u"ui/notify"_qs);
        qs.setValue(u"ui/notifications"_qs, false);
        QCOMPARE(settings.notifications(), NotificationLevel::Off);
        qs.setValue(u"ui/notifications"_qs, true);
        QCOMPARE(settings.notifications(), NotificationLevel::Problems);

        // A hand-edited bad marker falls back to the default rather than breaking writes.
        qs.setValue(u"sync/marker"_qs, u"bad marker\n"_qs);
        QCOMPARE(settings.marker(), u"K8S-HOSTS"_qs);
    }

    void choicesAreRememberedButNeverSecrets()
    {
        const QString token = u"s3cr3t-t0ken-do-not-store"_qs;
        FakeApiServer::Options options;
        options.tls = true;
        options.tokens = {token};
        options.allowAnonymous = false;
        FakeApiServer server(options);
        QString error;
        QVERIFY2(server.listen(&error), qPrintable(error));
        server.cluster().create(
            ResourceKind::Ingress,
            KubeObjects::ingress(u"shop"_qs, u"web"_qs, {u"shop.test"_qs}, u"172.18.0.5"_qs));
        server.cluster().create(ResourceKind::Namespace, KubeObjects::namespaceObject(u"tools"_qs));
        QTemporaryDir dir;
        KubeconfigWriter writer = server.kubeconfig(KubeconfigWriter::Credentials::Token, token);
        writer.setContextName(u"prod"_qs);
        QVERIFY(writer.write(dir.filePath(u"config"_qs), &error));
        QFile hosts(dir.filePath(u"hosts"_qs));
        QVERIFY(hosts.open(QIODevice::WriteOnly));
        hosts.close();

        Workspace::Options wo;
        wo.kubeconfig.explicitPath = dir.filePath(u"config"_qs);
        wo.kubeconfig.homeDir = dir.path();
        wo.engine.marker = u"K8S-HOSTS"_qs;
        wo.engine.hostsFile = hosts.fileName();
        wo.useKeychain = false;
        const QString settingsPath = dir.filePath(u"settings.ini"_qs);
        {
            QSettings qs(settingsPath, QSettings::IniFormat);
            TraySettings settings(&qs);
            Workspace workspace(directPublishers(hosts.fileName()), wo);
            ContextChoices choices(&workspace, &settings);
            QVERIFY(workspace.load(&error));
            choices.restore({}); // first run: the current context, all namespaces
            QCOMPARE(workspace.enabledContexts(), QStringList{u"prod"_qs});
            QTRY_COMPARE_WITH_TIMEOUT(workspace.connection(u"prod"_qs)->session()->namespaces(),
                                      (QStringList{u"shop"_qs, u"tools"_qs}), 10000);
            choices.setNamespaceIncluded(u"prod"_qs, u"tools"_qs, false);
            QCOMPARE(workspace.choice(u"prod"_qs).namespaces,
                     (NamespaceSelection{false, {u"shop"_qs}}));
            qs.sync();
        }
        const QByteArray saved = fileBytes(settingsPath);
        QVERIFY(saved.contains("prod"));
        QVERIFY(!saved.contains(token.toUtf8()));
        QVERIFY(!saved.contains("s3cr3t"));

        // The next start restores exactly that.
        {
            QSettings qs(settingsPath, QSettings::IniFormat);
            TraySettings settings(&qs);
            Workspace workspace(directPublishers(hosts.fileName()), wo);
            ContextChoices choices(&workspace, &settings);
            QVERIFY(workspace.load(&error));
            choices.restore({});
            QCOMPARE(workspace.enabledContexts(), QStringList{u"prod"_qs});
            QCOMPARE(workspace.choice(u"prod"_qs).namespaces,
                     (NamespaceSelection{false, {u"shop"_qs}}));
            // Disabled and enabled again: the namespace choice comes back.
            choices.setEnabled(u"prod"_qs, false);
            QVERIFY(!settings.contexts().value(u"prod"_qs).enabled);
            choices.setEnabled(u"prod"_qs, true);
            QCOMPARE(workspace.choice(u"prod"_qs).namespaces,
                     (NamespaceSelection{false, {u"shop"_qs}}));
        }

        // --context: exactly those for this run, and nothing of the run is saved.
        const QByteArray before = fileBytes(settingsPath);
        {
            QSettings qs(settingsPath, QSettings::IniFormat);
            TraySettings settings(&qs);
            Workspace workspace(directPublishers(hosts.fileName()), wo);
            ContextChoices choices(&workspace, &settings);
            QVERIFY(workspace.load(&error));
            choices.restore({u"other"_qs});
            QCOMPARE(workspace.enabledContexts(), QStringList{u"other"_qs});
            choices.setEnabled(u"prod"_qs, true);
            choices.setAllNamespaces(u"prod"_qs, true);
            qs.sync();
        }
        QCOMPARE(fileBytes(settingsPath), before);
    }
};

QTEST_GUILESS_MAIN(TestTraySettings)
#include "tst_traysettings.moc"
