// The tray menu, driven like a user would (offscreen): its status line, one submenu per
// context with namespace toggles that change the hosts file, the live hosts (a click opens
// the browser, with a modifier it copies), and the actions at the bottom.
#include "app/tray/contextchoices.h"
#include "app/tray/contextmenu.h"
#include "app/tray/helperactions.h"
#include "app/tray/syncstatus.h"
#include "app/tray/traymenu.h"
#include "app/tray/traysettings.h"
#include "tests/gui/guifixture.h"
#include "tests/macos/fakehelperinstaller.h"
#include "tests/support/directpublishers.h"
#include "tests/support/kubeobjects.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

class TestTrayMenu : public QObject
{
    Q_OBJECT

    GuiFixture *m_fixture = nullptr;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<TraySettings> m_traySettings;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<ContextChoices> m_choices;
    std::unique_ptr<SyncStatus> m_status;
    std::unique_ptr<TrayMenu> m_menu;
    QList<QUrl> m_opened;

    static QStringList texts(const QList<QAction *> &actions)
    {
        QStringList out;
        for (const QAction *a : actions) {
            if (a->isVisible())
                out << a->text();
        }
        return out;
    }

public Q_SLOTS:
    void openUrl(const QUrl &url) { m_opened.append(url); } // stands in for the browser

private Q_SLOTS:
    void initTestCase() { QDesktopServices::setUrlHandler(u"http"_qs, this, "openUrl"); }

    void init()
    {
        m_fixture = new GuiFixture;
        QString error;
        QVERIFY2(m_fixture->start(&error), qPrintable(error));
        m_settings = std::make_unique<QSettings>(m_fixture->settingsFile(), QSettings::IniFormat);
        m_traySettings = std::make_unique<TraySettings>(m_settings.get());
        m_workspace = std::make_unique<Workspace>(directPublishers(m_fixture->hostsFile()),
                                                  m_fixture->workspaceOptions());
        m_choices = std::make_unique<ContextChoices>(m_workspace.get(), m_traySettings.get());
        m_status = std::make_unique<SyncStatus>(m_workspace.get());
        m_menu = std::make_unique<TrayMenu>(m_choices.get(), m_status.get());
        QVERIFY(m_workspace->load(&error));
        m_choices->restore({});
        QTRY_COMPARE_WITH_TIMEOUT(m_status->state(), SyncStatus::State::Attention, 10000);
    }

    void cleanup()
    {
        m_menu.reset();
        m_status.reset();
        m_choices.reset();
        m_workspace.reset();
        m_traySettings.reset();
        m_settings.reset();
        delete m_fixture;
        m_opened.clear();
    }

    void showsStatusContextsAndHosts()
    {
        QTRY_COMPARE_WITH_TIMEOUT(m_menu->statusAction()->text(),
                                  u"K8s Hosts — synced · 1 cluster · 5 hosts · 1 not written"_qs,
                                  5000);
        QCOMPARE(m_menu->contextNames(), (QStringList{u"kind-dev"_qs, u"staging"_qs}));
        ContextMenu *dev = m_menu->contextMenu(u"kind-dev"_qs);
        ContextMenu *staging = m_menu->contextMenu(u"staging"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(dev->title(), u"kind-dev — synced · 5 hosts"_qs, 5000);
        QCOMPARE(staging->title(), u"staging — off"_qs);
        QVERIFY(dev->enableAction()->isChecked());
        QVERIFY(!staging->enableAction()->isChecked());
        QVERIFY(dev->allNamespacesAction()->isChecked());
        QCOMPARE(dev->namespaceNames(),
                 (QStringList{u"docs"_qs, u"monitoring"_qs, u"shop"_qs, u"tyk"_qs, u"web"_qs}));
        QVERIFY(staging->namespaceNames().isEmpty());
        QVERIFY(!staging->allNamespacesAction()->isVisible());

        QCOMPARE(texts(m_menu->hostActions()),
                 (QStringList{
                     u"api.shop.test  →  172.18.0.202"_qs, u"chart-dash.local  →  172.18.0.200"_qs,
                     u"chart-gw.local  →  172.18.0.200"_qs, u"shop.test  →  172.18.0.201"_qs,
                     u"www.example.test  →  172.18.0.210"_qs}));
        QStringList all = texts(m_menu->actions());
        QVERIFY2(all.contains(u"3 not written — show all…"_qs), qPrintable(all.join(u'|')));
        // Only problems were left out: "show all…" asks for the window showing just those.
        QSignalSpy showAll(m_menu.get(), &TrayMenu::showAllRequested);
        for (QAction *a : m_menu->actions()) {
            if (a->text() == u"3 not written — show all…")
                a->trigger();
        }
        QCOMPARE(showAll.size(), 1);
        QVERIFY(showAll.first().first().toBool());
        QVERIFY(all.contains(u"&Pause syncing"_qs));
        QVERIFY(all.contains(u"&Remove all entries now"_qs));
        QVERIFY(all.contains(u"&Open K8s Hosts…"_qs));
        QVERIFY(all.contains(u"&Quit"_qs));

        // A new Ingress while the menu is open: nothing moves under the pointer; the host
        // is there as soon as the menu closes.
        m_menu->popup(QPoint(10, 10));
        const qsizetype before = m_menu->hostActions().size();
        m_fixture->dev().cluster().create(
            ResourceKind::Ingress, KubeObjects::ingress(u"shop"_qs, u"admin"_qs,
                                                        {u"admin.shop.test"_qs}, u"172.18.0.9"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(m_fixture->blockLines().contains(u"172.18.0.9 admin.shop.test"_qs),
                                 10000);
        QTest::qWait(200);
        QCOMPARE(m_menu->hostActions().size(), before);
        m_menu->hide();
        QTRY_VERIFY_WITH_TIMEOUT(
            texts(m_menu->hostActions()).contains(u"admin.shop.test  →  172.18.0.9"_qs), 5000);
    }

    void namespaceClicksKeepTheMenuOpen()
    {
        ContextMenu *dev = m_menu->contextMenu(u"kind-dev"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(dev->namespaceAction(u"shop"_qs), 10000);
        dev->popup(QPoint(10, 10));
        QTRY_VERIFY_WITH_TIMEOUT(dev->isVisible(), 5000);
        QAction *shop = dev->namespaceAction(u"shop"_qs);
        QVERIFY(shop->isChecked());
        QTest::mouseClick(dev, Qt::LeftButton, {}, dev->actionGeometry(shop).center());
        QVERIFY(!shop->isChecked());
        QVERIFY(dev->isVisible()); // still open for the next tick
        QTest::mouseClick(dev, Qt::LeftButton, {}, dev->actionGeometry(shop).center());
        QVERIFY(shop->isChecked());
        dev->hide();
    }

    void namespaceTogglesChangeTheHostsFile()
    {
        ContextMenu *dev = m_menu->contextMenu(u"kind-dev"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(m_fixture->blockLines().contains(u"172.18.0.201 shop.test"_qs),
                                 10000);
        dev->namespaceAction(u"shop"_qs)->trigger(); // untick
        QVERIFY(!dev->namespaceAction(u"shop"_qs)->isChecked());
        QVERIFY(!dev->allNamespacesAction()->isChecked());
        QVERIFY(dev->namespaceAction(u"tyk"_qs)->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(!m_fixture->blockLines().contains(u"172.18.0.201 shop.test"_qs),
                                 10000);
        QVERIFY(m_fixture->blockLines().contains(u"172.18.0.200 chart-dash.local"_qs));

        dev->allNamespacesAction()->trigger(); // tick: everything again
        QVERIFY(dev->namespaceAction(u"shop"_qs)->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(m_fixture->blockLines().contains(u"172.18.0.201 shop.test"_qs),
                                 10000);

        ContextMenu *staging = m_menu->contextMenu(u"staging"_qs);
        staging->enableAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_fixture->blockLines().contains(u"10.20.0.15 api.staging.internal"_qs), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(staging->namespaceNames(),
                                  (QStringList{u"default"_qs, u"tyk"_qs}), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(m_menu->statusAction()->text(),
                                  u"K8s Hosts — synced · 2 clusters · 6 hosts · 2 not written"_qs,
                                  10000);
        staging->enableAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_fixture->blockLines().contains(u"10.20.0.15 api.staging.internal"_qs), 10000);
        QVERIFY(!m_traySettings->contexts().value(u"staging"_qs).enabled);
    }

    // macOS: the helper's state and the one action that fits, updated in place.
    void helperSectionOffersWhatFits()
    {
        auto *installer = new FakeHelperInstaller;
        installer->onRefresh = FakeHelperInstaller::state(HelperStatus::State::NotInstalled);
        HelperControl control(
            installer, [](std::function<void(bool, const QString &)> done) { done(true, {}); });
        HelperActions actions(&control);
        m_menu->addHelperActions(&actions);
        control.start();
        const auto visible = [this] {
            QStringList out;
            for (QAction *a : m_menu->actions()) {
                if (a->isVisible() && !a->text().isEmpty())
                    out << a->text();
            }
            return out;
        };
        QTRY_VERIFY_WITH_TIMEOUT(visible().contains(u"Helper: not installed"_qs), 5000);
        QVERIFY(visible().contains(u"Install helper…"_qs));
        QVERIFY(!visible().contains(u"Remove helper"_qs));
        const qsizetype before = m_menu->actions().size();
        installer->onInstall = FakeHelperInstaller::state(HelperStatus::State::RequiresApproval);
        actions.action(HelperControl::Action::Install)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(visible().contains(u"Open Login Items…"_qs), 5000);
        QVERIFY(!visible().contains(u"Install helper…"_qs));
        QCOMPARE(m_menu->actions().size(), before); // the same items, shown or hidden in place
    }

    void showsAContextsErrorInItsSubmenu()
    {
        m_fixture->staging().stopListening();
        ContextMenu *staging = m_menu->contextMenu(u"staging"_qs);
        staging->enableAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(staging->title(), u"staging — error"_qs, 10000);
        const QStringList shown = texts(staging->actions());
        QVERIFY2(std::any_of(shown.begin(), shown.end(),
                             [](const QString &t) { return t.startsWith(u"cannot reach"_qs); }),
                 qPrintable(shown.join(u'|')));
        QTRY_VERIFY_WITH_TIMEOUT(texts(m_menu->actions()).join(u'|').contains(u"staging"_qs),
                                 5000); // the problem line under the status
        QVERIFY(m_menu->statusAction()->text().contains(u"1 problem"_qs));
    }

    void hostsOpenOrCopy()
    {
        QAction *chart = nullptr;
        for (QAction *a : m_menu->hostActions()) {
            if (a->text().startsWith(u"chart-dash.local"_qs))
                chart = a;
        }
        QVERIFY(chart);
        chart->trigger();
        QCOMPARE(m_opened, QList<QUrl>{QUrl(u"http://chart-dash.local"_qs)});
        TrayMenu::activateHost(u"shop.test"_qs, Qt::ShiftModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), u"shop.test"_qs);
        TrayMenu::activateHost(u"chart-gw.local"_qs, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), u"chart-gw.local"_qs);
        QCOMPARE(m_opened.size(), 1);
    }

    void bottomActionsAskTheApp()
    {
        QSignalSpy pause(m_menu.get(), &TrayMenu::pauseToggled);
        QSignalSpy removeAll(m_menu.get(), &TrayMenu::removeAllRequested);
        QSignalSpy open(m_menu.get(), &TrayMenu::openWindowRequested);
        QSignalSpy quit(m_menu.get(), &TrayMenu::quitRequested);
        m_menu->pauseAction()->trigger();
        QCOMPARE(pause.size(), 1);
        QCOMPARE(pause.first().first().toBool(), true);
        m_menu->removeAllAction()->trigger();
        m_menu->openAction()->trigger();
        m_menu->quitAction()->trigger();
        QCOMPARE(removeAll.size(), 1);
        QCOMPARE(open.size(), 1);
        QCOMPARE(quit.size(), 1);
        // The pause tick and the status line follow the engine.
        m_workspace->engine()->setPaused(true);
        m_status->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(m_menu->statusAction()->text().contains(u"paused"_qs), 5000);
        QVERIFY(m_menu->pauseAction()->isChecked());
    }

    void manyHostsAreCut()
    {
        for (int i = 0; i < 30; ++i)
            m_fixture->dev().cluster().create(ResourceKind::Ingress,
                                              KubeObjects::ingress(u"bulk"_qs, u"web%1"_qs.arg(i),
                                                                   {u"h%1.bulk.test"_qs.arg(i)},
                                                                   u"172.18.1.%1"_qs.arg(i + 1)));
        // At most maxHosts, fewer on a short screen (this test also runs at 2×): the menu
        // fits the screen in one column.
        const int capacity = m_menu->hostCapacity();
        QVERIFY(capacity >= 1 && capacity <= TrayMenu::maxHosts);
        QTRY_COMPARE_WITH_TIMEOUT(m_menu->hostActions().size(), capacity, 10000);
        QVERIFY2(m_menu->sizeHint().height() <= m_menu->screen()->availableGeometry().height(),
                 qPrintable(u"%1 > %2"_qs.arg(m_menu->sizeHint().height())
                                .arg(m_menu->screen()->availableGeometry().height())));
        const QString more = u"%1 more, 3 not written — show all…"_qs.arg(35 - capacity);
        QTRY_VERIFY_WITH_TIMEOUT(texts(m_menu->actions()).contains(more), 10000);
        QSignalSpy showAll(m_menu.get(), &TrayMenu::showAllRequested);
        for (QAction *a : m_menu->actions()) {
            if (a->text() == more)
                a->trigger();
        }
        QCOMPARE(showAll.size(), 1);
        QVERIFY(!showAll.first().first().toBool()); // hosts were left out too: every host
    }
};

QTEST_MAIN(TestTrayMenu)
#include "tst_traymenu.moc"
