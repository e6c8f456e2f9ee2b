// The tray app put together (TrayApp), offscreen, where there is no tray: the first run
// opens the window with the current context enabled; keyboard toggles in the contexts tree
// change the hosts file; blocked hosts offer their fix; Pause, Remove all entries,
// Preferences (sources, start at login), quitting, and a second start showing the window.
#include "app/tray/autostartentry.h"
#include "app/tray/contextchoices.h"
#include "app/tray/contextsmodel.h"
#include "app/tray/contextspanel.h"
#include "app/tray/mainwindow.h"
#include "app/tray/mappingsfiltermodel.h"
#include "app/tray/mappingsmodel.h"
#include "app/tray/mappingspanel.h"
#include "app/tray/preferencesdialog.h"
#include "app/tray/problemsbanner.h"
#include "app/tray/syncstatus.h"
#include "app/tray/trayapp.h"
#include "app/tray/traysettings.h"
#include "app/tray/webhookpanel.h"
#include "tests/gui/guifixture.h"
#include "tests/macos/fakehelperinstaller.h"
#include "tests/support/kubeobjects.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QUrl>

// Stands in for the browser: QDesktopServices hands it the URLs it would open.
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl &url) { opened.append(url); }
};

class TestTrayApp : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    GuiFixture *m_fixture = nullptr;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<TrayApp> m_app;

    std::unique_ptr<TrayApp> makeApp()
    {
        return std::make_unique<TrayApp>(
            m_fixture->traySetup(m_settings.get(), m_fixture->hostsFile()));
    }

    QModelIndex treeIndex(const QString &context, const QString &ns = {})
    {
        ContextsPanel *panel = m_app->window()->contexts();
        QModelIndex source = panel->model()->contextIndex(context);
        if (!ns.isEmpty()) {
            const QModelIndex parent = source;
            source = {};
            for (int row = 0; row < panel->model()->rowCount(parent); ++row) {
                const QModelIndex i = panel->model()->index(row, 0, parent);
                if (i.data().toString() == ns)
                    source = i;
            }
        }
        return panel->proxy()->mapFromSource(source);
    }

    // The State and Reason columns of a host's row in the window.
    std::pair<QString, QString> rowState(const QString &host)
    {
        const QAbstractItemModel *model = m_app->window()->mappings()->proxy();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, MappingsModel::HostColumn).data().toString() == host)
                return {model->index(row, MappingsModel::StateColumn).data().toString(),
                        model->index(row, MappingsModel::ReasonColumn).data().toString()};
        }
        return {};
    }

    int visibleRows(const QAbstractItemModel *model, const QModelIndex &parent = {})
    {
        int n = model->rowCount(parent);
        for (int row = 0; row < model->rowCount(parent); ++row)
            n += visibleRows(model, model->index(row, 0, parent));
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Autostart entries and the default socket go to a private home, not the user's.
        qputenv("XDG_CONFIG_HOME", m_home.filePath(u"config"_qs).toUtf8());
        qputenv("XDG_RUNTIME_DIR", m_home.path().toUtf8());
        // No helper here: "Allow …" must fail with a sentence, not hang.
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/k8s-hosts-test-bus");
    }

    void init()
    {
        m_fixture = new GuiFixture;
        QString error;
        QVERIFY2(m_fixture->start(&error), qPrintable(error));
        m_settings = std::make_unique<QSettings>(m_fixture->settingsFile(), QSettings::IniFormat);
        m_app = makeApp();
        QSignalSpy started(m_app.get(), &TrayApp::started);
        m_app->start();
        QVERIFY(started.wait(5000));
        QTRY_COMPARE_WITH_TIMEOUT(m_app->status()->state(), SyncStatus::State::Attention, 10000);
    }

    void cleanup()
    {
        m_app.reset();
        m_settings.reset();
        delete m_fixture;
    }

    // A dead cluster's line in the red banner offers the ways out: Retry (which works once
    // the server is back), Open kubeconfig (the file that defines it), Untick this context.
    void deadClusterOffersWaysOut()
    {
        MainWindow *window = m_app->window();
        m_fixture->staging().stopListening();
        m_app->choices()->setEnabled(u"staging"_qs, true);
        QTRY_VERIFY_WITH_TIMEOUT(window->problems()->isVisible(), 15000);
        QVERIFY(window->problems()->text().startsWith(u"staging"_qs));
        const auto button = [window](const QString &text) {
            for (QPushButton *b : window->problems()->findChildren<QPushButton *>()) {
                if (b->text() == text)
                    return b;
            }
            return static_cast<QPushButton *>(nullptr);
        };
        QVERIFY(button(u"Retry"_qs) && button(u"Open kubeconfig"_qs) &&
                button(u"Untick this context"_qs));
        QCOMPARE(window->kubeconfigFileFor(u"staging"_qs),
                 m_fixture->kubeconfig().fileDefining(u"staging"_qs));
        QVERIFY(!window->kubeconfigFileFor(u"staging"_qs).isEmpty());

        QString error;
        QVERIFY(m_fixture->staging().listen(&error));
        button(u"Retry"_qs)->click(); // asks now, rather than at the next back-off
        QTRY_VERIFY_WITH_TIMEOUT(window->problems()->isHidden(), 15000);

        m_fixture->staging().stopListening();
        m_app->workspace()->retryContext(u"staging"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(button(u"Untick this context"_qs), 15000);
        button(u"Untick this context"_qs)->click();
        QVERIFY(!m_app->workspace()->enabledContexts().contains(u"staging"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(window->problems()->isHidden(), 5000);
    }

    // Right-click on a row: copy the host or its line, open it; Enter opens it too, over
    // https when the cluster serves it with TLS.
    void rowActions()
    {
        UrlCatcher urls;
        QDesktopServices::setUrlHandler(u"http"_qs, &urls, "open");
        QDesktopServices::setUrlHandler(u"https"_qs, &urls, "open");
        MappingsPanel *panel = m_app->window()->mappings();
        QTest::keyClicks(panel->filter(), u"shop.test"_qs);
        QModelIndex row;
        for (int r = 0; r < panel->proxy()->rowCount(); ++r) {
            if (panel->proxy()->index(r, MappingsModel::HostColumn).data() == u"shop.test"_qs)
                row = panel->proxy()->index(r, 0);
        }
        QVERIFY(row.isValid());
        QMenu *menu = panel->rowMenu(row);
        QVERIFY(menu);
        const auto act = [menu](const QString &prefix) {
            for (QAction *a : menu->actions()) {
                if (a->text().startsWith(prefix))
                    return a;
            }
            return static_cast<QAction *>(nullptr);
        };
        act(u"Copy &host"_qs)->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), u"shop.test"_qs);
        act(u"Copy hosts-file &line"_qs)->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), u"172.18.0.201 shop.test"_qs);
        act(u"Open http&s://"_qs)->trigger();
        QCOMPARE(urls.opened.value(0), QUrl(u"https://shop.test/"_qs));
        act(u"&Open http://"_qs)->trigger();
        QCOMPARE(urls.opened.value(1), QUrl(u"http://shop.test/"_qs));
        delete menu;

        panel->view()->setFocus();
        panel->view()->setCurrentIndex(row);
        QTest::keyClick(panel->view(), Qt::Key_Return);
        QCOMPARE(urls.opened.value(2), QUrl(u"http://shop.test/"_qs)); // no TLS for it
        HostMapping tls;
        tls.host = u"secure.test"_qs;
        tls.origin = u"spec.tls[].hosts"_qs;
        QVERIFY(MappingsPanel::servedWithTls(tls));
        QDesktopServices::unsetUrlHandler(u"http"_qs);
        QDesktopServices::unsetUrlHandler(u"https"_qs);
    }

    // Right-click on a context: its address override, its server URL, syncing it or not.
    void contextActions()
    {
        ContextsPanel *panel = m_app->window()->contexts();
        QMenu *menu = panel->contextMenuFor(u"kind-dev"_qs);
        const auto act = [&menu](const QString &prefix) {
            for (QAction *a : menu->actions()) {
                if (a->text().startsWith(prefix))
                    return a;
            }
            return static_cast<QAction *>(nullptr);
        };
        QVERIFY(act(u"&Sync this context"_qs)->isChecked());
        act(u"&Copy server URL"_qs)->trigger();
        QCOMPARE(QUrl(QGuiApplication::clipboard()->text()), m_fixture->dev().url());
        act(u"&Address override"_qs)->trigger();
        QInputDialog *dialog = panel->findChild<QInputDialog *>();
        QVERIFY(dialog);
        dialog->setTextValue(u"not-an-ip"_qs);
        dialog->accept();
        QCOMPARE(m_app->choices()->addressOverride(u"kind-dev"_qs), QString());
        delete menu;

        menu = panel->contextMenuFor(u"kind-dev"_qs);
        act(u"&Address override"_qs)->trigger();
        dialog = panel->findChild<QInputDialog *>();
        QVERIFY(dialog);
        dialog->setTextValue(u"127.0.0.1"_qs);
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(m_fixture->blockLines().contains(u"127.0.0.1 shop.test"_qs),
                                 10000);
        QCOMPARE(TraySettings(m_settings.get()).contexts().value(u"kind-dev"_qs).addressOverride,
                 u"127.0.0.1"_qs);
        delete menu;

        menu = panel->contextMenuFor(u"kind-dev"_qs);
        QVERIFY(act(u"&Address override (127.0.0.1)"_qs));
        act(u"&Sync this context"_qs)->trigger(); // unticked
        QVERIFY(!m_app->workspace()->enabledContexts().contains(u"kind-dev"_qs));
        delete menu;
    }

    void helpAboutSaysVersionAndDocs()
    {
        MainWindow *window = m_app->window();
        const QList<QAction *> menus = window->menuBar()->actions();
        QCOMPARE(menus.last()->text(), u"&Help"_qs); // after the helper's, where menus go
        window->aboutAction()->trigger();
        QMessageBox *box = window->findChild<QMessageBox *>();
        QVERIFY(box);
        QVERIFY(box->text().contains(QStringLiteral(K8S_HOSTS_VERSION)));
        QVERIFY(box->text().contains(u"https://github.com/k8s-hosts/k8s-hosts"_qs));
        box->close();
    }

    void firstRunOpensTheWindow()
    {
        MainWindow *window = m_app->window();
        QVERIFY(!m_app->tray()); // offscreen has no system tray: the window instead
        QVERIFY(window->isVisible());
        // The window and its frame fit the screen (this test also runs at 2×).
        const QRect available = window->screen()->availableGeometry();
        QVERIFY2(available.contains(window->frameGeometry()),
                 qPrintable(QDebug::toString(window->frameGeometry()) + u" not in "_qs +
                            QDebug::toString(available)));
        QCOMPARE(m_app->workspace()->enabledContexts(), QStringList{u"kind-dev"_qs});
        // A long host widens its column; with no other publisher, no "Also published to".
        QTableView *table = window->mappings()->view();
        QVERIFY(table->isColumnHidden(MappingsModel::ElsewhereColumn));
        const QString longHost = u"a-rather-long-preview-name-for-review.shop.test"_qs;
        m_fixture->dev().cluster().create(
            ResourceKind::Ingress,
            KubeObjects::ingress(u"shop"_qs, u"long"_qs, {longHost}, u"172.18.0.77"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(table->columnWidth(MappingsModel::HostColumn) >=
                                     std::min(table->fontMetrics().horizontalAdvance(longHost),
                                              table->viewport()->width() * 2 / 5),
                                 10000);
        m_fixture->dev().cluster().remove(ResourceKind::Ingress, u"shop"_qs, u"long"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(m_fixture->blockLines().size(), 5, 10000);
        QCOMPARE(m_fixture->blockLines().size(), 5);
        QTRY_COMPARE_WITH_TIMEOUT(window->mappings()->proxy()->rowCount(), 8, 10000);
        QVERIFY(window->hostsFileLabel()->text().contains(m_fixture->hostsFile()));
        QTRY_VERIFY_WITH_TIMEOUT(
            window->lastWriteLabel()->text().endsWith(u"· 5 entries in the file"_qs), 5000);
        QVERIFY(window->problems()->isHidden());
        QVERIFY(window->helperLabel()->isHidden()); // the file is written directly
    }

    void keyboardTogglesInTheTree()
    {
        QTreeView *tree = m_app->window()->contexts()->view();
        tree->setFocus();
        QTRY_VERIFY_WITH_TIMEOUT(treeIndex(u"kind-dev"_qs, u"tyk"_qs).isValid(), 10000);

        // Space on "staging" enables it.
        tree->setCurrentIndex(treeIndex(u"staging"_qs));
        QTest::keyClick(tree, Qt::Key_Space);
        QVERIFY(m_app->workspace()->isEnabled(u"staging"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_fixture->blockLines().contains(u"10.20.0.15 api.staging.internal"_qs), 10000);

        // Down from "kind-dev" to its namespaces: "All namespaces", docs, monitoring, shop,
        // tyk. Space on tyk unticks it, and staging's claim on chart-dash.local wins.
        tree->setCurrentIndex(treeIndex(u"kind-dev"_qs));
        for (int i = 0; i < 5; ++i)
            QTest::keyClick(tree, Qt::Key_Down);
        QCOMPARE(tree->currentIndex().data().toString(), u"tyk"_qs);
        QTest::keyClick(tree, Qt::Key_Space);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_fixture->blockLines().contains(u"10.20.0.99 chart-dash.local"_qs), 10000);
        QVERIFY(!m_fixture->blockLines().contains(u"172.18.0.200 chart-gw.local"_qs));

        // The filter keeps matching contexts and namespaces (with their parents).
        QLineEdit *filter = m_app->window()->contexts()->filter();
        QTest::keyClicks(filter, u"stag"_qs);
        QCOMPARE(tree->model()->rowCount(), 1);
        filter->clear();
        QTest::keyClicks(filter, u"monitor"_qs);
        QCOMPARE(visibleRows(tree->model()), 2); // kind-dev and its namespace
    }

    void blockedHostOffersTheFix()
    {
        MappingsPanel *panel = m_app->window()->mappings();
        QTest::keyClicks(panel->filter(), u"dtk"_qs);
        QCOMPARE(panel->proxy()->rowCount(), 1);
        panel->view()->setFocus();
        panel->view()->setCurrentIndex(panel->proxy()->index(0, 0));
        QVERIFY(panel->details()->text().contains(u"Blocked by policy"_qs));
        QVERIFY(panel->fixButton()->isVisible());
        QCOMPARE(panel->fixButton()->text(), u"&Allow *.dtk.io…"_qs);

        // With no helper to ask, the answer is a sentence, and the button comes back.
        QTest::mouseClick(panel->fixButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel->fixButton()->isEnabled(), 10000);
        QVERIFY2(panel->details()->text().contains(u"policy"_qs),
                 qPrintable(panel->details()->text()));

        // An active host has no fix; "Problems only" keeps the others.
        panel->filter()->clear();
        QTest::keyClicks(panel->filter(), u"shop.test"_qs);
        panel->view()->setCurrentIndex(panel->proxy()->index(0, 0));
        QVERIFY(!panel->fixButton()->isVisible());
        panel->filter()->clear();
        panel->problemsOnly()->click();
        QCOMPARE(panel->proxy()->rowCount(), 3);

        // An empty table says why it is empty.
        QTest::keyClicks(panel->filter(), u"zzz"_qs);
        QCOMPARE(panel->proxy()->rowCount(), 0);
        QCOMPARE(panel->details()->text(), u"No host matches \"zzz\"."_qs);
        panel->filter()->clear();
        m_app->choices()->setEnabled(u"kind-dev"_qs, false);
        QTRY_COMPARE_WITH_TIMEOUT(panel->details()->text(), u"No problems."_qs, 10000);
        // Reasons read as sentences, but a name keeps its case.
        QCOMPARE(MappingsPanel::sentence(u"blocked by policy"_qs), u"Blocked by policy"_qs);
        QCOMPARE(MappingsPanel::sentence(u"docs.dtk.io is not allowed"_qs),
                 u"docs.dtk.io is not allowed"_qs);
        QCOMPARE(MappingsPanel::sentence(u"fd00::1 is public"_qs), u"fd00::1 is public"_qs);
    }

    void fixtureMovesShop(const QString &address)
    {
        m_fixture->dev().cluster().update(
            ResourceKind::Ingress,
            KubeObjects::ingress(u"shop"_qs, u"storefront"_qs, {u"shop.test"_qs}, address));
    }

    // The macOS helper's flow, with a fake installer: its state and the action that fits in
    // the window's status bar and Helper menu; removing it takes our block out first and
    // pauses; a helper that becomes ready again resumes syncing and writes.
    void helperInstallAndRemove()
    {
        m_app.reset();
        FakeHelperInstaller *installer = nullptr;
        TrayApp::Setup setup = m_fixture->traySetup(m_settings.get(), m_fixture->hostsFile());
        setup.socketPath = m_fixture->dir() + u"/instance-helper.socket"_qs;
        setup.helperInstaller = [&installer](QObject *parent) {
            installer = new FakeHelperInstaller(parent);
            installer->onRefresh = FakeHelperInstaller::state(HelperStatus::State::Ready);
            return installer;
        };
        m_app = std::make_unique<TrayApp>(setup);
        QSignalSpy started(m_app.get(), &TrayApp::started);
        m_app->start();
        QVERIFY(started.wait(5000));
        QTRY_COMPARE_WITH_TIMEOUT(m_fixture->blockLines().size(), 5, 10000);
        MainWindow *window = m_app->window();
        QTRY_COMPARE_WITH_TIMEOUT(window->helperLabel()->text(), u"Helper: ready"_qs, 5000);
        QVERIFY(window->helperButton()->isVisible());
        QCOMPARE(window->helperButton()->text(), u"Remove helper"_qs);

        installer->onUninstall = FakeHelperInstaller::state(HelperStatus::State::NotInstalled);
        window->helperButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(window->helperLabel()->text(), u"Helper: not installed"_qs,
                                  10000);
        QCOMPARE(m_fixture->hostsText(), GuiFixture::originalHosts()); // our block went first
        QCOMPARE(installer->calls.last(), u"uninstall"_qs);
        QCOMPARE(m_app->status()->state(), SyncStatus::State::Paused);
        QCOMPARE(window->helperButton()->text(), u"Install helper…"_qs);

        installer->onInstall = FakeHelperInstaller::state(HelperStatus::State::Ready);
        window->helperButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(m_fixture->blockLines().size(), 5, 10000); // written again
        QVERIFY(m_app->status()->state() != SyncStatus::State::Paused);
    }

    void pauseRemoveAllAndResume()
    {
        MainWindow *window = m_app->window();
        window->pauseAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(m_app->status()->state(), SyncStatus::State::Paused, 5000);
        const QByteArray paused = m_fixture->hostsText();
        m_fixture->dev().cluster().create(
            ResourceKind::Ingress, KubeObjects::ingress(u"shop"_qs, u"admin"_qs,
                                                        {u"admin.shop.test"_qs}, u"172.18.0.9"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(window->mappings()->proxy()->rowCount() == 9, 10000);
        QCOMPARE(m_fixture->hostsText(), paused); // nothing written while paused
        // The window says what the file holds: the new host is not in it, the old ones are.
        QCOMPARE(rowState(u"admin.shop.test"_qs).first, u"not written"_qs);
        QVERIFY(rowState(u"admin.shop.test"_qs).second.contains(u"paused"_qs));
        QCOMPARE(rowState(u"shop.test"_qs).first, u"written"_qs);
        fixtureMovesShop(u"172.18.0.77"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(
            rowState(u"shop.test"_qs)
                .second.contains(u"the hosts file still has shop.test → 172.18.0.201"_qs),
            10000);
        QCOMPARE(rowState(u"shop.test"_qs).first, u"not written"_qs);

        m_app->removeAllEntries();
        QTRY_COMPARE_WITH_TIMEOUT(m_fixture->hostsText(), GuiFixture::originalHosts(), 10000);
        QCOMPARE(m_app->status()->state(), SyncStatus::State::Paused);
        QTRY_COMPARE_WITH_TIMEOUT(rowState(u"chart-gw.local"_qs).first, u"not written"_qs, 5000);
        QVERIFY(rowState(u"chart-gw.local"_qs).second.contains(u"removed on request"_qs));
        QVERIFY(!rowState(u"chart-gw.local"_qs).second.contains(u"still has"_qs));

        window->pauseAction()->trigger(); // resume
        QTRY_COMPARE_WITH_TIMEOUT(m_fixture->blockLines().size(), 6, 10000);
        QVERIFY(m_fixture->blockLines().contains(u"172.18.0.9 admin.shop.test"_qs));
        QTRY_COMPARE_WITH_TIMEOUT(rowState(u"admin.shop.test"_qs).first, u"written"_qs, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_app->status()->state(), SyncStatus::State::Attention, 5000);
    }

    void preferencesChangeSourcesAndStartAtLogin()
    {
        PreferencesDialog *dialog = m_app->openPreferences();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->sourceBox(Source::Ingress)->isChecked());
        QVERIFY(!dialog->startAtLoginBox()->isChecked());
        dialog->sourceBox(Source::Ingress)->setChecked(false);
        dialog->startAtLoginBox()->setChecked(true);
        dialog->markerEdit()->setText(u"bad marker"_qs);
        QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        dialog->markerEdit()->setText(u"K8S-HOSTS"_qs);
        QVERIFY(dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();

        // Only the Service and the HTTPRoute publish hosts now.
        QTRY_COMPARE_WITH_TIMEOUT(
            m_fixture->blockLines(),
            (QStringList{u"172.18.0.202 api.shop.test"_qs, u"172.18.0.210 www.example.test"_qs}),
            10000);
        QCOMPARE(TraySettings(m_settings.get()).sources(), gatewayRoutes() | Source::Service);
        QFile entry(AutostartEntry::path());
        QVERIFY(entry.fileName().startsWith(m_home.path()));
        QVERIFY(entry.open(QIODevice::ReadOnly));
        const QByteArray desktop = entry.readAll();
        QVERIFY(desktop.contains("\nExec=" +
                                 QFile::encodeName(QCoreApplication::applicationFilePath())));
        QVERIFY(desktop.contains("Type=Application"));

        dialog = m_app->openPreferences();
        QVERIFY(dialog->startAtLoginBox()->isChecked());
        QVERIFY(!dialog->sourceBox(Source::Ingress)->isChecked());
        dialog->startAtLoginBox()->setChecked(false);
        dialog->sourceBox(Source::Ingress)->setChecked(true);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(!QFile::exists(AutostartEntry::path()));
        QTRY_COMPARE_WITH_TIMEOUT(m_fixture->blockLines().size(), 5, 10000);
    }

    void quittingRemovesTheBlock()
    {
        QSignalSpy finished(m_app.get(), &TrayApp::finished);
        m_app->window()->close(); // without a tray, closing the window quits
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toInt(), 0);
        QCOMPARE(m_fixture->hostsText(), GuiFixture::originalHosts());
    }

    void keepEntriesAfterQuit()
    {
        TrayPreferences p = m_app->preferences();
        p.keepEntriesAfterQuit = true;
        m_app->applyPreferences(p);
        QSignalSpy finished(m_app.get(), &TrayApp::finished);
        m_app->quit();
        QVERIFY(finished.wait(10000));
        QCOMPARE(m_fixture->blockLines().size(), 5);
    }

    // --webhook-listen in the tray: ExternalDNS's names go through the same engine, show in
    // the window as their context's rows and reach the hosts file.
    void webhookNamesShowInTheWindow()
    {
        QSignalSpy done(m_app.get(), &TrayApp::finished);
        m_app->quit();
        QVERIFY(done.wait(10000));
        m_app.reset();
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        TrayApp::Setup setup = m_fixture->traySetup(m_settings.get(), m_fixture->hostsFile());
        setup.options.webhook.listen = {{QHostAddress::LocalHost, port}};
        setup.options.webhook.stateDir = m_fixture->dir() + u"/state"_qs;
        m_app = std::make_unique<TrayApp>(setup);
        QSignalSpy started(m_app.get(), &TrayApp::started);
        m_app->start();
        QVERIFY(started.wait(5000));
        // Under the contexts, the listener says it waits for ExternalDNS.
        const WebhookPanel *panel = m_app->window()->webhook();
        QVERIFY(!panel->isHidden());
        QCOMPARE(panel->text(), u"external-dns@127.0.0.1:%1: 0 records; no call yet"_qs.arg(port));

        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/records"_qs.arg(port)));
        request.setRawHeader("Content-Type", "application/external.dns.webhook+json;version=1");
        QNetworkReply *reply =
            nam.post(request, QByteArray(R"({"create":[{"dnsName":"edns.apps.test","targets":)"
                                         R"(["192.168.122.10"],"recordType":"A"}]})"));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 204);
        reply->deleteLater();
        QTRY_COMPARE_WITH_TIMEOUT(rowState(u"edns.apps.test"_qs).first, u"written"_qs, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_fixture->hostsText().contains("192.168.122.10 edns.apps.test  # external-dns@"),
            10000);
        QVERIFY2(panel->text().contains(u": 1 record; last call "_qs) &&
                     panel->text().endsWith(u" from 127.0.0.1, POST /records (204)"_qs),
                 qPrintable(panel->text()));
    }

    void aSecondStartShowsTheWindow()
    {
        m_app->window()->hide();
        std::unique_ptr<TrayApp> second = makeApp();
        QSignalSpy finished(second.get(), &TrayApp::finished);
        QSignalSpy started(second.get(), &TrayApp::started);
        second->start();
        QVERIFY(finished.wait(5000));
        QCOMPARE(started.size(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(m_app->window()->isVisible(), 5000);
    }
};

QTEST_MAIN(TestTrayApp)
#include "tst_trayapp.moc"
