// What the tray says unasked, against real clusters (TrayNotifier on SyncStatus): problems
// by default — a host the file stops holding, a cluster failing — new hosts only when asked,
// nothing while the user is looking, and one balloon per gap however busy the cluster is.
#include "app/tray/contextchoices.h"
#include "app/tray/syncstatus.h"
#include "app/tray/traynotifier.h"
#include "app/tray/traysettings.h"
#include "tests/gui/guifixture.h"
#include "tests/support/directpublishers.h"
#include "tests/support/kubeobjects.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include <memory>

class TestTrayNotifier : public QObject
{
    Q_OBJECT

    std::unique_ptr<GuiFixture> m_fixture;
    std::unique_ptr<QSettings> m_qs;
    std::unique_ptr<TraySettings> m_settings;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<ContextChoices> m_choices;
    std::unique_ptr<SyncStatus> m_status;
    std::unique_ptr<TrayNotifier> m_notifier;
    bool m_looking = false;

    void addIngress(const QString &name, const QString &host, const QString &address)
    {
        m_fixture->dev().cluster().create(ResourceKind::Ingress,
                                          KubeObjects::ingress(u"shop"_qs, name, {host}, address));
    }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<GuiFixture>();
        QString error;
        QVERIFY2(m_fixture->start(&error), qPrintable(error));
        m_qs = std::make_unique<QSettings>(m_fixture->settingsFile(), QSettings::IniFormat);
        m_settings = std::make_unique<TraySettings>(m_qs.get());
        m_workspace = std::make_unique<Workspace>(directPublishers(m_fixture->hostsFile()),
                                                  m_fixture->workspaceOptions());
        m_choices = std::make_unique<ContextChoices>(m_workspace.get(), m_settings.get());
        m_status = std::make_unique<SyncStatus>(m_workspace.get());
        m_notifier = std::make_unique<TrayNotifier>(m_status.get());
        m_notifier->setGap(1500);
        m_looking = false;
        m_notifier->setQuiet([this] { return m_looking; });
        QVERIFY(m_workspace->load(&error));
        m_choices->setEnabled(u"kind-dev"_qs, true);
        QTRY_COMPARE_WITH_TIMEOUT(m_status->state(), SyncStatus::State::Attention, 10000);
    }

    void cleanup()
    {
        m_notifier.reset();
        m_status.reset();
        m_choices.reset();
        m_workspace.reset();
        m_settings.reset();
        m_qs.reset();
        m_fixture.reset();
    }

    void problemsOnlyByDefault()
    {
        QCOMPARE(m_notifier->level(), NotificationLevel::Problems);
        QSignalSpy notified(m_notifier.get(), &TrayNotifier::notify);
        addIngress(u"admin"_qs, u"admin.shop.test"_qs, u"172.18.0.9"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(m_fixture->blockLines().contains(u"172.18.0.9 admin.shop.test"_qs),
                                 10000);
        QTest::qWait(300);
        QCOMPARE(notified.size(), 0); // a new host is no problem

        // Another line of the file takes shop.test: the block no longer holds it.
        QFile hosts(m_fixture->hostsFile());
        QVERIFY(hosts.open(QIODevice::Append));
        hosts.write("10.9.9.9 shop.test\n");
        hosts.close();
        m_workspace->engine()->retryNow(); // reads the file again, as its watcher would
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, 10000);
        QCOMPARE(notified.first().at(0).toString(), u"A host is no longer written"_qs);
        QCOMPARE(notified.first().at(1).toString(), u"shop.test is no longer in the hosts file"_qs);
        QVERIFY(notified.first().at(2).toBool());
    }

    void aFailingClusterIsAProblemOnceAndNotWhileLooking()
    {
        QSignalSpy notified(m_notifier.get(), &TrayNotifier::notify);
        m_fixture->staging().stopListening();
        m_choices->setEnabled(u"staging"_qs, true);
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, 15000);
        QVERIFY(notified.first().at(0).toString().startsWith(u"K8s Hosts has"_qs));
        QVERIFY2(notified.first().at(1).toString().contains(u"staging"_qs),
                 qPrintable(notified.first().at(1).toString()));
        QTest::qWait(2000); // the same problem is not news again
        QCOMPARE(notified.size(), 1);

        // While the window or the menu is open, nothing pops up, then or later.
        m_looking = true;
        m_choices->setEnabled(u"staging"_qs, false);
        QTest::qWait(500);
        m_fixture->dev().stopListening();
        QTRY_COMPARE_WITH_TIMEOUT(m_status->state(), SyncStatus::State::Error, 15000);
        QTest::qWait(2000);
        m_looking = false;
        QTest::qWait(2000);
        QCOMPARE(notified.size(), 1);
    }

    void changesWhenAskedOneBalloonPerGap()
    {
        m_notifier->setLevel(NotificationLevel::Everything);
        QSignalSpy notified(m_notifier.get(), &TrayNotifier::notify);
        addIngress(u"a"_qs, u"a.shop.test"_qs, u"172.18.0.21"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, 10000);
        QCOMPARE(notified.first().at(0).toString(), u"New host"_qs);
        QVERIFY(!notified.first().at(2).toBool());
        addIngress(u"b"_qs, u"b.shop.test"_qs, u"172.18.0.22"_qs);
        addIngress(u"c"_qs, u"c.shop.test"_qs, u"172.18.0.23"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 2, 10000);
        QCOMPARE(notified.last().at(0).toString(), u"2 new hosts"_qs);

        m_notifier->setLevel(NotificationLevel::Off);
        m_fixture->staging().stopListening();
        m_choices->setEnabled(u"staging"_qs, true);
        QTRY_COMPARE_WITH_TIMEOUT(m_status->state(), SyncStatus::State::Error, 15000);
        QTest::qWait(2000);
        QCOMPARE(notified.size(), 2);
    }
};

QTEST_MAIN(TestTrayNotifier)
#include "tst_traynotifier.moc"
