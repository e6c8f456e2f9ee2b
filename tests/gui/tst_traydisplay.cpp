// The tray app on a real X display: Xvfb with trayer as the system tray, the app against
// two fake clusters. The icon is embedded in the tray, the menu lists the contexts and the
// mappings, a toggle in the menu changes the hosts file, and the real entry point
// (runTray, in its own process) runs in the tray and refuses a second instance. Screenshots
// of the open menu and of the window are taken with ImageMagick's `import`; they go to
// $K8S_HOSTS_SCREENSHOT_DIR (docs/screenshots refreshes the README's), else the build dir.
#include "app/tray/contextmenu.h"
#include "app/tray/contextsmodel.h"
#include "app/tray/contextspanel.h"
#include "app/tray/mainwindow.h"
#include "app/tray/mappingsfiltermodel.h"
#include "app/tray/mappingsmodel.h"
#include "app/tray/mappingspanel.h"
#include "app/tray/preferencesdialog.h"
#include "app/tray/syncstatus.h"
#include "app/tray/trayapp.h"
#include "app/tray/traycontroller.h"
#include "app/tray/traymenu.h"
#include "tests/gui/displayfixture.h"
#include "tests/gui/guifixture.h"
#include "tests/support/kubeobjects.h"

#include <QApplication>
#include <QGuiApplication>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <cstdio>

namespace {

// Emits painted() after the watched widget handled a paint event.
class PaintWatcher : public QObject
{
    Q_OBJECT
public:
    explicit PaintWatcher(QWidget *widget) { widget->installEventFilter(this); }
Q_SIGNALS:
    void painted();

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            QMetaObject::invokeMethod(this, &PaintWatcher::painted, Qt::QueuedConnection);
        return false;
    }
};

} // namespace

class TestTrayDisplay : public QObject
{
    Q_OBJECT

public:
    explicit TestTrayDisplay(DisplayFixture *display)
        : m_display(display)
    {}

private:
    DisplayFixture *m_display;
    GuiFixture m_fixture;
    QTemporaryDir m_home;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<TrayApp> m_app;

    static QString screenshotDir()
    {
        const QString dir = qEnvironmentVariable("K8S_HOSTS_SCREENSHOT_DIR");
        return dir.isEmpty() ? QStringLiteral(K8S_HOSTS_BUILD_SCREENSHOT_DIR) : dir;
    }

    // ImageMagick's import, run like any other X client.
    static bool import(const QStringList &arguments, const QString &file)
    {
        QDir().mkpath(QFileInfo(file).absolutePath());
        QProcess process;
        QSignalSpy done(&process, &QProcess::finished);
        process.start(QStringLiteral("import"),
                      arguments + QStringList{QStringLiteral("-define"),
                                              QStringLiteral("png:exclude-chunks=date,time"),
                                              file});
        if (!done.wait(30000) || process.exitCode() != 0) {
            qWarning() << "import failed:" << process.readAllStandardError();
            return false;
        }
        return true;
    }

    static bool looksLikeAPicture(const QString &file, QSize size)
    {
        QImage image(file);
        if (image.size() != size)
            return false;
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        return colours.size() > 20;
    }

    static bool waitForPaint(QWidget *widget)
    {
        PaintWatcher watcher(widget);
        QSignalSpy painted(&watcher, &PaintWatcher::painted);
        widget->update();
        return painted.wait(10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", m_home.filePath(u"config"_qs).toUtf8());
        qputenv("XDG_RUNTIME_DIR", m_home.path().toUtf8());
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/k8s-hosts-test-bus");
        // trayer takes the tray selection a moment after it starts.
        QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), 20000);

        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
        m_settings = std::make_unique<QSettings>(m_fixture.settingsFile(), QSettings::IniFormat);
        TrayApp::Setup setup;
        setup.options.kubeconfig = m_fixture.kubeconfig();
        setup.options.hostsFile = m_fixture.hostsFile();
        setup.settings = m_settings.get();
        setup.socketPath = m_fixture.dir() + u"/instance.socket"_qs;
        setup.useKeychain = false;
        m_app = std::make_unique<TrayApp>(setup);
        QSignalSpy started(m_app.get(), &TrayApp::started);
        m_app->start();
        QVERIFY(started.wait(10000));
        QTRY_COMPARE_WITH_TIMEOUT(m_app->status()->state(), SyncStatus::State::Attention, 20000);
    }

    void trayIconAppears()
    {
        QVERIFY(m_app->tray());
        QVERIFY(!m_app->window()->isVisible()); // with a tray the window waits to be opened
        QSystemTrayIcon *icon = m_app->tray()->icon();
        QVERIFY(icon->isVisible());
        // Embedded by trayer at the top edge of the screen.
        QTRY_VERIFY_WITH_TIMEOUT(icon->geometry().width() > 0, 10000);
        QVERIFY2(icon->geometry().top() < 40, qPrintable(QDebug::toString(icon->geometry())));
        QCOMPARE(m_app->tray()->badge(), StatusIcons::Badge::Attention); // docs.dtk.io is blocked
        QVERIFY(icon->toolTip().contains(u"1 cluster · 5 hosts"_qs));
    }

    void menuListsContextsAndMappings()
    {
        ContextMenu *staging = m_app->tray()->menu()->contextMenu(u"staging"_qs);
        QVERIFY(staging);
        staging->enableAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(m_app->status()->summary(),
                                  u"2 clusters · 6 hosts · 2 not written"_qs, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(m_app->status()->state(), SyncStatus::State::Attention, 20000);

        TrayMenu *menu = m_app->tray()->menu();
        QCOMPARE(menu->contextNames(), (QStringList{u"kind-dev"_qs, u"staging"_qs}));
        QStringList hosts;
        for (QAction *a : menu->hostActions())
            hosts << a->text();
        const QStringList all{
            u"api.shop.test  →  172.18.0.202"_qs,    u"api.staging.internal  →  10.20.0.15"_qs,
            u"chart-dash.local  →  172.18.0.200"_qs, u"chart-gw.local  →  172.18.0.200"_qs,
            u"shop.test  →  172.18.0.201"_qs,        u"www.example.test  →  172.18.0.210"_qs};
        // All of them, or at 2× on a small screen as many as fit, in order.
        QVERIFY2(!hosts.isEmpty() && hosts == all.mid(0, hosts.size()),
                 qPrintable(hosts.join(u", "_qs)));
        if (qEnvironmentVariableIsEmpty("QT_SCALE_FACTOR"))
            QCOMPARE(hosts, all);

        // Open it under the icon, with kind-dev's submenu, and take the picture.
        const QRect iconRect = m_app->tray()->icon()->geometry();
        menu->popup(QPoint(iconRect.left(), iconRect.bottom() + 2));
        QTRY_VERIFY_WITH_TIMEOUT(menu->isVisible(), 10000);
        ContextMenu *dev = menu->contextMenu(u"kind-dev"_qs);
        menu->setActiveAction(dev->menuAction());
        QTRY_VERIFY_WITH_TIMEOUT(dev->isVisible(), 10000);
        dev->setActiveAction(dev->namespaceAction(u"shop"_qs));
        QVERIFY(waitForPaint(menu));
        QVERIFY(waitForPaint(dev));
        QRect area = menu->geometry().united(dev->geometry()).united(iconRect);
        area.setTop(0);
        area = area.adjusted(-28, 0, 28, 28);
        // import counts device pixels (QT_SCALE_FACTOR=2 doubles them).
        const qreal dpr = menu->devicePixelRatioF();
        area = QRect(area.topLeft() * dpr, area.size() * dpr)
                   .intersected(QRect(QPoint(0, 0), m_display->screenSize()));
        const QString file = screenshotDir() + u"/tray-menu.png"_qs;
        QVERIFY(import({u"-window"_qs, u"root"_qs, u"-crop"_qs,
                        u"%1x%2+%3+%4"_qs.arg(area.width())
                            .arg(area.height())
                            .arg(area.left())
                            .arg(area.top()),
                        u"+repage"_qs},
                       file));
        QVERIFY(looksLikeAPicture(file, area.size()));
        std::printf("screenshot: %s\n", qPrintable(file));
    }

    void aToggleInTheMenuChangesTheHostsFile()
    {
        TrayMenu *menu = m_app->tray()->menu();
        ContextMenu *dev = menu->contextMenu(u"kind-dev"_qs);
        if (!dev->isVisible()) {
            const QRect iconRect = m_app->tray()->icon()->geometry();
            menu->popup(QPoint(iconRect.left(), iconRect.bottom() + 2));
            QTRY_VERIFY_WITH_TIMEOUT(menu->isVisible(), 10000);
            menu->setActiveAction(dev->menuAction());
            QTRY_VERIFY_WITH_TIMEOUT(dev->isVisible(), 10000);
        }
        QVERIFY(m_fixture.blockLines().contains(u"172.18.0.201 shop.test"_qs));
        QAction *shop = dev->namespaceAction(u"shop"_qs);
        QVERIFY(shop->isChecked());
        // A click on "shop" in the open submenu, as the pointer would do it.
        QTest::mouseClick(dev, Qt::LeftButton, {}, dev->actionGeometry(shop).center());
        QTRY_VERIFY_WITH_TIMEOUT(!m_fixture.blockLines().contains(u"172.18.0.201 shop.test"_qs),
                                 20000);
        QVERIFY(!m_fixture.blockLines().contains(u"172.18.0.202 api.shop.test"_qs));
        QVERIFY(!shop->isChecked());
        QVERIFY(dev->isVisible()); // a tick leaves the menu open for the next one
        // And back, so the window shows everything; then the menus close.
        dev->allNamespacesAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_fixture.blockLines().contains(u"172.18.0.201 shop.test"_qs),
                                 20000);
        dev->hide();
        menu->hide();
        QTRY_VERIFY_WITH_TIMEOUT(!menu->isVisible(), 5000);
    }

    // At 1× and at QT_SCALE_FACTOR=2 (tst_traydisplay_2x, on a 1600×1000 screen): the menu
    // opens in one column inside the screen, the window and Preferences open inside it with
    // their frames, and Preferences' marker preview is not cut off.
    void everythingFitsTheScreen()
    {
        const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
        TrayMenu *menu = m_app->tray()->menu();
        const QRect iconRect = m_app->tray()->icon()->geometry();
        menu->popup(QPoint(iconRect.left(), iconRect.bottom() + 2));
        QTRY_VERIFY_WITH_TIMEOUT(menu->isVisible(), 10000);
        QVERIFY2(available.contains(menu->geometry()),
                 qPrintable(QDebug::toString(menu->geometry())));
        int column = -1;
        for (QAction *action : menu->actions()) {
            if (!action->isVisible())
                continue;
            const int left = menu->actionGeometry(action).left();
            QVERIFY2(column < 0 || left == column, qPrintable(action->text())); // one column
            column = left;
        }
        menu->hide();

        MainWindow *window = m_app->window();
        m_app->showWindow();
        QTRY_VERIFY_WITH_TIMEOUT(window->isVisible(), 10000); // no window manager: no frame
        QVERIFY2(available.contains(window->frameGeometry()),
                 qPrintable(QDebug::toString(window->frameGeometry())));
        window->hide();

        PreferencesDialog *preferences = m_app->openPreferences();
        QTRY_VERIFY_WITH_TIMEOUT(preferences->isVisible(), 10000);
        QTRY_VERIFY2_WITH_TIMEOUT(available.contains(preferences->frameGeometry()),
                                  qPrintable(QDebug::toString(preferences->frameGeometry())), 5000);
        QLabel *note = preferences->markerNote();
        QVERIFY(waitForPaint(note));
        QVERIFY2(
            note->height() >= note->heightForWidth(note->width()),
            qPrintable(u"%1 < %2"_qs.arg(note->height()).arg(note->heightForWidth(note->width()))));
        QVERIFY(note->width() >= note->minimumSizeHint().width());
        preferences->reject();
    }

    void windowScreenshot()
    {
        MainWindow *window = m_app->window();
        m_app->tray()->menu()->actions(); // the menu stays closed
        m_app->showWindow();
        window->move(32, 48);
        window->resize(1180, 620);
        window->fitToScreen(); // at 2× the screen is smaller than that
        QTRY_VERIFY_WITH_TIMEOUT(window->isVisible(), 10000);
        ContextsPanel *contexts = window->contexts();
        contexts->view()->expandAll();
        contexts->view()->setCurrentIndex(
            contexts->proxy()->mapFromSource(contexts->model()->contextIndex(u"kind-dev"_qs)));
        MappingsPanel *mappings = window->mappings();
        for (int row = 0; row < mappings->proxy()->rowCount(); ++row) {
            if (mappings->proxy()->index(row, 0).data().toString() == u"docs.dtk.io"_qs)
                mappings->view()->setCurrentIndex(mappings->proxy()->index(row, 0));
        }
        QVERIFY(mappings->fixButton()->isVisible());
        QCOMPARE(mappings->proxy()->rowCount(), 10);
        QVERIFY(waitForPaint(window));
        const QString file = screenshotDir() + u"/window.png"_qs;
        QVERIFY(import({u"-window"_qs, u"0x%1"_qs.arg(window->winId(), 0, 16)}, file));
        QVERIFY(looksLikeAPicture(file, window->size() * window->devicePixelRatioF()));
        std::printf("screenshot: %s\n", qPrintable(file));
        window->hide();
    }

    void newHostsAreNotified()
    {
        // Changes are news only when asked for (the default is problems only).
        TrayPreferences p = m_app->preferences();
        p.notifications = NotificationLevel::Everything;
        m_app->applyPreferences(p);
        QSignalSpy notified(m_app->tray(), &TrayController::notified);
        m_fixture.dev().cluster().create(
            ResourceKind::Ingress, KubeObjects::ingress(u"shop"_qs, u"admin"_qs,
                                                        {u"admin.shop.test"_qs}, u"172.18.0.9"_qs));
        QVERIFY(notified.wait(20000));
        QCOMPARE(notified.first().at(0).toString(), u"New host"_qs);
        QCOMPARE(notified.first().at(1).toString(), u"admin.shop.test → 172.18.0.9"_qs);
        // More within the next seconds come together, in one balloon, a little later.
        m_fixture.dev().cluster().create(
            ResourceKind::Ingress,
            KubeObjects::ingress(u"shop"_qs, u"b"_qs, {u"b.shop.test"_qs}, u"172.18.0.11"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(m_fixture.blockLines().contains(u"172.18.0.11 b.shop.test"_qs),
                                 20000);
        m_fixture.dev().cluster().create(
            ResourceKind::Ingress,
            KubeObjects::ingress(u"shop"_qs, u"c"_qs, {u"c.shop.test"_qs}, u"172.18.0.12"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(m_fixture.blockLines().contains(u"172.18.0.12 c.shop.test"_qs),
                                 20000);
        QCOMPARE(notified.size(), 1);
        QVERIFY(notified.wait(30000));
        QCOMPARE(notified.size(), 2);
        QCOMPARE(notified.last().at(0).toString(), u"2 new hosts"_qs);
        QCOMPARE(notified.last().at(1).toString(),
                 u"b.shop.test → 172.18.0.11\nc.shop.test → 172.18.0.12"_qs);
        for (const QString &name : {u"b"_qs, u"c"_qs})
            m_fixture.dev().cluster().remove(ResourceKind::Ingress, u"shop"_qs, name);
        // Back to problems only: no more balloons for new hosts.
        p.notifications = NotificationLevel::Problems;
        m_app->applyPreferences(p);
        m_fixture.dev().cluster().remove(ResourceKind::Ingress, u"shop"_qs, u"admin"_qs);
        m_fixture.dev().cluster().create(ResourceKind::Ingress,
                                         KubeObjects::ingress(u"shop"_qs, u"admin2"_qs,
                                                              {u"admin2.shop.test"_qs},
                                                              u"172.18.0.9"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(m_fixture.blockLines().contains(u"172.18.0.9 admin2.shop.test"_qs),
                                 20000);
        QCOMPARE(notified.size(), 2);
        m_fixture.dev().cluster().remove(ResourceKind::Ingress, u"shop"_qs, u"admin2"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_fixture.blockLines().contains(u"172.18.0.9 admin2.shop.test"_qs), 20000);
        m_app->applyPreferences(p);
    }

    void theRealEntryPointRunsInTheTray()
    {
        QTemporaryDir home;
        QFile hosts(home.filePath(u"hosts"_qs));
        QVERIFY(hosts.open(QIODevice::WriteOnly));
        hosts.write(GuiFixture::originalHosts());
        hosts.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_qs, home.path());
        env.insert(u"XDG_CONFIG_HOME"_qs, home.filePath(u"config"_qs));
        env.insert(u"XDG_RUNTIME_DIR"_qs, home.path());
        env.insert(u"KUBECONFIG"_qs, m_fixture.kubeconfig().kubeconfigEnv);
        env.insert(u"QT_QPA_PLATFORM"_qs, u"xcb"_qs);
        env.insert(u"DISPLAY"_qs, m_display->display());

        QProcess first;
        first.setProcessEnvironment(env);
        first.setProcessChannelMode(QProcess::MergedChannels);
        first.start(QStringLiteral(K8S_HOSTS_TRAY_LAUNCHER),
                    {u"--hosts-file"_qs, hosts.fileName()});
        QVERIFY(first.waitForStarted(10000));
        // The first run syncs the current context into the file, from the tray.
        const auto block = [&] {
            QFile f(hosts.fileName());
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QTRY_VERIFY_WITH_TIMEOUT(block().contains("172.18.0.200 chart-dash.local"), 20000);
        QByteArray output;
        QTRY_VERIFY_WITH_TIMEOUT((output += first.readAll()).contains("in the tray"), 10000);

        // A second start hands over to the first and ends at once.
        QProcess second;
        second.setProcessEnvironment(env);
        QSignalSpy secondDone(&second, &QProcess::finished);
        second.start(QStringLiteral(K8S_HOSTS_TRAY_LAUNCHER),
                     {u"--hosts-file"_qs, hosts.fileName()});
        QVERIFY(secondDone.wait(20000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
        QCOMPARE(first.state(), QProcess::Running);

        // SIGTERM (logging out) quits the normal way: our block is removed, exit code 0.
        QSignalSpy firstDone(&first, &QProcess::finished);
        first.terminate(); // by its PID
        QVERIFY(firstDone.wait(20000));
        QCOMPARE(first.exitStatus(), QProcess::NormalExit);
        QCOMPARE(first.exitCode(), 0);
        QCOMPARE(block(), GuiFixture::originalHosts());
    }

    void cleanupTestCase() { m_app.reset(); }
};

int main(int argc, char *argv[])
{
    // The display must exist before the QApplication connects to it.
    QTemporaryDir runtime; // the user's runtime folder, private to this test
    qputenv("XDG_RUNTIME_DIR", runtime.path().toUtf8());
    DisplayFixture display;
    QString error;
    if (!display.start(&error)) {
        std::fprintf(stderr, "FAIL: %s\n", qPrintable(error));
        return 1;
    }
    qputenv("QT_QPA_PLATFORM", "xcb");
    int rc = 0;
    {
        QApplication app(argc, argv);
        QApplication::setQuitOnLastWindowClosed(false);
        TestTrayDisplay test(&display);
        rc = QTest::qExec(&test, argc, argv);
    }
    display.stop();
    return rc;
}

#include "tst_traydisplay.moc"
