// "Allow *.dtk.io…" end to end, and the helper's state in the status bar: a private system
// bus with polkitd and the real helper (the helper tests' fixture, as root). Clicking the
// fix next to a blocked host asks the helper to extend its policy; the host is then
// written. HelperMonitor follows what the helper answers.
#include "app/tray/helpermonitor.h"
#include "app/tray/mainwindow.h"
#include "app/tray/mappingsfiltermodel.h"
#include "app/tray/mappingspanel.h"
#include "app/tray/syncstatus.h"
#include "app/tray/trayapp.h"
#include "core/sink/helpersink.h"
#include "tests/gui/guifixture.h"
#include "tests/helper/helperfixture.h"

#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <unistd.h>

class TestPolicyFix : public QObject
{
    Q_OBJECT

    std::unique_ptr<HelperFixture> m_helper;

private Q_SLOTS:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("Starts a system bus, polkitd and the root helper: run as root (CI does).");
        m_helper = std::make_unique<HelperFixture>();
        QString error;
        QVERIFY2(m_helper->start(&error), qPrintable(error));
        // QDBusConnection::systemBus() is first used below: it is the fixture's bus.
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", m_helper->busAddress().toUtf8());
    }

    void cleanupTestCase() { m_helper.reset(); }

    void allowDomainWritesTheBlockedHost()
    {
        GuiFixture fixture;
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        QSettings settings(fixture.settingsFile(), QSettings::IniFormat);
        TrayApp::Setup setup;
        setup.options.kubeconfig = fixture.kubeconfig();
        setup.options.hostsFile = fixture.hostsFile();
        setup.settings = &settings;
        setup.socketPath = fixture.dir() + u"/instance.socket"_qs;
        setup.useKeychain = false;
        TrayApp app(setup);
        QSignalSpy started(&app, &TrayApp::started);
        app.start();
        QVERIFY(started.wait(5000));
        QTRY_COMPARE_WITH_TIMEOUT(app.status()->state(), SyncStatus::State::Attention, 20000);
        QVERIFY(!fixture.blockLines().contains(u"172.18.0.203 docs.dtk.io"_qs));

        MappingsPanel *panel = app.window()->mappings();
        QTest::keyClicks(panel->filter(), u"docs.dtk.io"_qs);
        QCOMPARE(panel->proxy()->rowCount(), 1);
        panel->view()->setCurrentIndex(panel->proxy()->index(0, 0));
        QCOMPARE(panel->fixButton()->text(), u"&Allow *.dtk.io…"_qs);
        QTest::mouseClick(panel->fixButton(), Qt::LeftButton);
        // First the exact change, for every cluster and user; Cancel changes nothing.
        QTRY_VERIFY_WITH_TIMEOUT(panel->confirmation(), 5000);
        QCOMPARE(panel->confirmation()->text(), u"Allow host names under dtk.io?"_qs);
        panel->confirmation()->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!panel->confirmation());
        QVERIFY(panel->fixButton()->isEnabled());
        QTest::mouseClick(panel->fixButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel->confirmation(), 5000);
        panel->confirmation()->button(QMessageBox::Yes)->click();

        QTRY_VERIFY_WITH_TIMEOUT(fixture.blockLines().contains(u"172.18.0.203 docs.dtk.io"_qs),
                                 20000);
        QFile policy(m_helper->policyPath());
        QVERIFY(policy.open(QIODevice::ReadOnly));
        QVERIFY(policy.readAll().contains("dtk.io"));
        QTRY_VERIFY_WITH_TIMEOUT(!panel->fixButton()->isVisible(), 5000); // active now
        QVERIFY(panel->details()->text().contains(u"Written to the hosts file"_qs));
        QTRY_COMPARE_WITH_TIMEOUT(app.status()->state(), SyncStatus::State::Synced, 5000);
        QVERIFY(m_helper->helperLogged(u"allow-domain=dtk.io"_qs));
    }

    void helperStatusFollowsTheHelper()
    {
        HelperSink sink(m_helper->bus());
        HelperMonitor status(m_helper->bus(), &sink);
        QCOMPARE(status.text(), u"Helper: checking…"_qs);
        QSignalSpy changed(&status, &HelperMonitor::changed);
        sink.apply(u"TRAY-TEST"_qs, {{u"10.0.0.7"_qs, u"status.test"_qs, u"tray test"_qs}});
        QVERIFY(changed.wait(20000));
        QCOMPARE(status.text(), u"Helper: installed, authorized"_qs);
        QVERIFY(m_helper->readHosts().contains("status.test"));
        sink.clear(u"TRAY-TEST"_qs);
        QVERIFY(changed.wait(20000));

        m_helper->stopHelper();
        sink.apply(u"TRAY-TEST"_qs, {{u"10.0.0.7"_qs, u"status.test"_qs, u"tray test"_qs}});
        QVERIFY(changed.wait(20000));
        QCOMPARE(status.text(), u"Helper: not installed"_qs);
        QVERIFY(status.toolTip().contains(u"install the k8s-hosts package"_qs));
        QString error;
        QVERIFY2(m_helper->startHelper(&error), qPrintable(error));
    }
};

QTEST_MAIN(TestPolicyFix)
#include "tst_policyfix.moc"
