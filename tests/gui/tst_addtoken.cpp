// "Add token…" end to end: a context whose kubeconfig entry has no credentials is refused
// by its API server (401); the user selects it, types a token into the dialog, the token
// goes to a real Secret Service (gnome-keyring on a private session bus), the context
// reconnects with it and its hosts are written. The token never reaches the settings.
#include "app/tray/contextsmodel.h"
#include "app/tray/contextspanel.h"
#include "app/tray/mainwindow.h"
#include "app/tray/syncstatus.h"
#include "app/tray/trayapp.h"
#include "tests/gui/guifixture.h"
#include "tests/kube/keyringfixture.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"

#include <QApplication>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

class TestAddToken : public QObject
{
    Q_OBJECT

    KeyringFixture m_keyring;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_keyring.start(&error), qPrintable(error));
    }

    void aTokenUnlocksTheContext()
    {
        const QString token = u"tok-3f9a1c-test-only"_qs;
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
        QTemporaryDir dir;
        KubeconfigWriter writer = server.kubeconfig(KubeconfigWriter::Credentials::None);
        writer.setContextName(u"locked"_qs);
        QVERIFY(writer.write(dir.filePath(u"config"_qs), &error));
        QFile hosts(dir.filePath(u"hosts"_qs));
        QVERIFY(hosts.open(QIODevice::WriteOnly));
        hosts.write(GuiFixture::originalHosts());
        hosts.close();
        QSettings settings(dir.filePath(u"settings.ini"_qs), QSettings::IniFormat);

        TrayApp::Setup setup;
        setup.options.kubeconfig.explicitPath = dir.filePath(u"config"_qs);
        setup.options.kubeconfig.homeDir = dir.path();
        setup.options.hostsFile = hosts.fileName();
        setup.settings = &settings;
        setup.socketPath = dir.filePath(u"instance.socket"_qs);
        setup.useKeychain = true;
        TrayApp app(setup);
        QSignalSpy started(&app, &TrayApp::started);
        app.start();
        QVERIFY(started.wait(5000));
        // Anonymous requests are refused: the context is in error, with the 401 sentence.
        QTRY_COMPARE_WITH_TIMEOUT(app.status()->state(), SyncStatus::State::Error, 20000);
        QVERIFY2(app.status()->problems().join(u'\n').contains(u"401"_qs),
                 qPrintable(app.status()->problems().join(u'\n')));

        ContextsPanel *panel = app.window()->contexts();
        QVERIFY(!panel->addTokenButton()->isEnabled());
        panel->view()->setCurrentIndex(
            panel->proxy()->mapFromSource(panel->model()->contextIndex(u"locked"_qs)));
        QVERIFY(panel->addTokenButton()->isEnabled());
        QVERIFY(panel->details()->text().contains(u"no credentials"_qs));
        panel->addTokenButton()->click();
        QInputDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = panel->findChild<QInputDialog *>()) != nullptr, 5000);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->textEchoMode(), QLineEdit::Password);
        dialog->setTextValue(token);
        dialog->accept();

        QTRY_COMPARE_WITH_TIMEOUT(app.status()->state(), SyncStatus::State::Synced, 20000);
        QFile written(hosts.fileName());
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(written.readAll().contains("172.18.0.5 shop.test"));
        QVERIFY(panel->details()->text().contains(u"keychain"_qs));
        settings.sync();
        QFile saved(settings.fileName());
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(!saved.readAll().contains(token.toUtf8()));
        // The server only ever saw the token it was given over TLS, from this client.
        const auto requests = server.requests();
        QVERIFY(std::any_of(requests.begin(), requests.end(),
                            [](const RequestRecord &r) { return r.status == 200; }));
    }
};

QTEST_MAIN(TestAddToken)
#include "tst_addtoken.moc"
