// The first run without the helper: the window's panel explains and offers the ways out —
// the install command (copied), "Use a hosts file I own…" (kept, then a restart writes
// there, and the window offers the way back) and Retry. Offscreen.
#include "app/tray/helpersetuppanel.h"
#include "app/tray/mainwindow.h"
#include "app/tray/trayapp.h"
#include "core/sync/syncengine.h"
#include "core/sync/workspace.h"
#include "tests/gui/guifixture.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <unistd.h>

class TestHelperSetup : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    GuiFixture *m_fixture = nullptr;
    std::unique_ptr<QSettings> m_settings;

    std::unique_ptr<TrayApp> startApp(const QString &hostsFile)
    {
        TrayApp::Setup setup = m_fixture->traySetup(m_settings.get(), hostsFile);
        setup.useTray = false;
        auto app = std::make_unique<TrayApp>(setup);
        QSignalSpy started(app.get(), &TrayApp::started);
        app->start();
        if (!started.wait(5000))
            return nullptr;
        return app;
    }

    static QByteArray read(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", m_home.filePath(u"config"_qs).toUtf8());
        qputenv("XDG_RUNTIME_DIR", m_home.path().toUtf8());
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/k8s-hosts-test-bus");
    }

    void init()
    {
        m_fixture = new GuiFixture;
        QString error;
        QVERIFY2(m_fixture->start(&error), qPrintable(error));
        m_settings = std::make_unique<QSettings>(m_fixture->settingsFile(), QSettings::IniFormat);
    }

    void cleanup()
    {
        m_settings.reset();
        delete m_fixture;
        m_fixture = nullptr;
    }

    void installCommandFitsWhereItRuns()
    {
        QCOMPARE(HelperSetupPanel::installCommand(u"/src/build/dev/app/k8s-hosts"_qs,
                                                  u"/src/build/dev"_qs),
                 u"sudo cmake --install /src/build/dev --prefix /usr"_qs);
        const QString package =
            HelperSetupPanel::installCommand(u"/usr/bin/k8s-hosts"_qs, u"/src/build/dev"_qs);
        QVERIFY2(package.startsWith(u"sudo apt install ./k8s-hosts_"_qs), qPrintable(package));
        // A sibling folder with the same prefix is not the build folder.
        QVERIFY(
            HelperSetupPanel::installCommand(u"/src/build/dev2/k8s-hosts"_qs, u"/src/build/dev"_qs)
                .startsWith(u"sudo apt"_qs));
    }

    void panelOffersTheWaysOut()
    {
        auto app = startApp(m_fixture->hostsFile());
        QVERIFY(app);
        MainWindow *window = app->window();
        HelperSetupPanel *panel = window->helperSetup();
        QVERIFY(panel->isHidden()); // the file is written directly: no helper needed
        window->setHelperMissing(true);
        window->show();
        QVERIFY(panel->isVisible());
        QVERIFY(!panel->command().isEmpty());

        panel->copyButton()->click();
        QCOMPARE(QApplication::clipboard()->text(), panel->command());

        QSignalSpy retry(window, &MainWindow::helperRetryRequested);
        panel->retryButton()->click();
        QCOMPARE(retry.size(), 1);

        // The app's own handler opens a file chooser; here only the request is checked.
        QObject::disconnect(window, &MainWindow::ownHostsFileRequested, app.get(), nullptr);
        QSignalSpy own(window, &MainWindow::ownHostsFileRequested);
        panel->ownFileButton()->click();
        QCOMPARE(own.size(), 1);

        window->setHelperMissing(false);
        QVERIFY(panel->isHidden());
    }

    void aFileOfOnesOwnIsWrittenAfterTheRestart()
    {
        const QString own = m_fixture->dir() + u"/own/k8s.hosts"_qs;
        QDir().mkpath(m_fixture->dir() + u"/own"_qs);
        {
            auto app = startApp(m_fixture->hostsFile());
            QVERIFY(app);
            QVERIFY(!app->window()->systemHostsFileAction()->isVisible());
            QSignalSpy finished(app.get(), &TrayApp::finished);
            QCOMPARE(app->useHostsFile(own), QString());
            QVERIFY(finished.wait(10000));
            QCOMPARE(finished.first().first().toInt(), TrayApp::restartExitCode);
        }
        QCOMPARE(m_settings->value(u"hosts/file"_qs).toString(), own);
        QVERIFY(QFile::exists(own)); // created, empty

        // Started again without --hosts-file: the chosen file gets the block.
        auto again = startApp(QString());
        QVERIFY(again);
        QCOMPARE(again->hostsFile(), own);
        QTRY_VERIFY_WITH_TIMEOUT(read(own).contains("172.18.0.202 api.shop.test"), 10000);
        QVERIFY(again->window()->systemHostsFileAction()->isVisible());

        // And back: the choice is forgotten and the app starts again.
        QSignalSpy finished(again.get(), &TrayApp::finished);
        again->window()->systemHostsFileAction()->trigger();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toInt(), TrayApp::restartExitCode);
        QVERIFY(!m_settings->contains(u"hosts/file"_qs));
        QVERIFY(!read(own).contains("api.shop.test")); // our block left with the quit
    }

    // As a user who cannot write /etc/hosts, with no helper on the system bus: the window
    // opens by itself, once, with the panel. ctest runs this one as nobody (setpriv); nothing
    // can write /etc/hosts then, so the real file is safe.
    void firstRunWithoutTheHelperOpensTheWindow()
    {
        if (::geteuid() == 0)
            QSKIP("needs a user who cannot write /etc/hosts (ctest runs it as nobody)");
        const QByteArray before = read(u"/etc/hosts"_qs);
        auto app = startApp(u"/etc/hosts"_qs);
        QVERIFY(app);
        MainWindow *window = app->window();
        QTRY_VERIFY_WITH_TIMEOUT(window->helperSetup()->isVisible(), 10000);
        QVERIFY(window->isVisible());
        window->hide();
        app->workspace()->engine()->retryNow(); // fails again the same way
        QTest::qWait(500);
        QVERIFY(!window->isVisible()); // opened once, not at every failure
        QCOMPARE(read(u"/etc/hosts"_qs), before);
    }

    void unusableFilesAreRefused()
    {
        auto app = startApp(m_fixture->hostsFile());
        QVERIFY(app);
        QSignalSpy finished(app.get(), &TrayApp::finished);
        QVERIFY(app->useHostsFile(u"/etc/hosts"_qs).contains(u"system's hosts file"_qs));
        const QString error = app->useHostsFile(u"/nonexistent-dir/k8s.hosts"_qs);
        QVERIFY2(error.contains(u"cannot be written"_qs), qPrintable(error));
        QVERIFY(app->useHostsFile(QString()).contains(u"No file"_qs));
        QTest::qWait(100);
        QCOMPARE(finished.size(), 0);
        QVERIFY(!m_settings->contains(u"hosts/file"_qs));
    }
};

QTEST_MAIN(TestHelperSetup)
#include "tst_helpersetup.moc"
