// The macOS helper's install, approval, update and removal as the app offers them, driven
// through a fake installer: every state's actions, every transition, failures, and the
// order that removes our block before the helper.
#include "core/install/helpercontrol.h"
#include "core/install/installsteps.h"
#include "tests/macos/fakehelperinstaller.h"

#include <QSignalSpy>
#include <QTest>

using State = HelperStatus::State;
using Action = HelperControl::Action;

class TestHelperControl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void actionsFitEveryState_data();
    void actionsFitEveryState();
    void installThenApproveThenReady();
    void updateReplacesAnOlderHelper();
    void removeTakesOurBlockFirst();
    void removeKeepsTheHelperWhenTheBlockStays();
    void failuresOfferToCheckAgain();
    void nothingWhileBusy();
    void installStepsInOrder();

private:
    struct Rig
    {
        FakeHelperInstaller *installer = new FakeHelperInstaller;
        QStringList withdrawals;
        bool withdrawOk = true;
        HelperControl control{installer, [this](std::function<void(bool, const QString &)> done) {
                                  withdrawals.append(u"withdraw"_qs);
                                  installer->calls.append(u"withdraw"_qs);
                                  done(withdrawOk, withdrawOk ? QString() : u"helper gone"_qs);
                              }};
    };
    static void startAt(Rig &rig, State state)
    {
        rig.installer->onRefresh = FakeHelperInstaller::state(state, u"why"_qs);
        QSignalSpy changed(&rig.control, &HelperControl::changed);
        rig.control.start();
        QTRY_VERIFY(!rig.control.isBusy());
    }
};

void TestHelperControl::actionsFitEveryState_data()
{
    QTest::addColumn<State>("state");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QString>("text");
    QTest::newRow("not installed")
        << State::NotInstalled << QStringList{u"Install helper…"_qs} << u"Helper: not installed"_qs;
    QTest::newRow("requires approval")
        << State::RequiresApproval << QStringList{u"Open Login Items…"_qs, u"Check again"_qs}
        << u"Helper: waiting for approval in Login Items"_qs;
    QTest::newRow("ready") << State::Ready << QStringList{u"Remove helper"_qs}
                           << u"Helper: ready"_qs;
    QTest::newRow("needs upgrade")
        << State::NeedsUpgrade << QStringList{u"Update helper"_qs, u"Remove helper"_qs}
        << u"Helper: needs an update"_qs;
    QTest::newRow("newer installed")
        << State::NewerInstalled << QStringList{u"Remove helper"_qs, u"Check again"_qs}
        << u"Helper: newer than this app"_qs;
    QTest::newRow("not responding")
        << State::NotResponding << QStringList{u"Install helper…"_qs, u"Check again"_qs}
        << u"Helper: not answering"_qs;
    QTest::newRow("failed") << State::Failed
                            << QStringList{u"Check again"_qs, u"Install helper…"_qs}
                            << u"Helper: failed"_qs;
    QTest::newRow("unsupported") << State::Unsupported << QStringList{}
                                 << u"Helper: not available"_qs;
}

void TestHelperControl::actionsFitEveryState()
{
    QFETCH(State, state);
    QFETCH(QStringList, labels);
    QFETCH(QString, text);
    Rig rig;
    startAt(rig, state);
    QStringList shown;
    for (const Action a : rig.control.actions())
        shown << HelperControl::label(a);
    QCOMPARE(shown, labels);
    QCOMPARE(rig.control.statusText(), text);
    QCOMPARE(rig.control.detail(), u"why"_qs);
}

void TestHelperControl::installThenApproveThenReady()
{
    Rig rig;
    rig.control.approvalPollMs = 20;
    startAt(rig, State::NotInstalled);
    QSignalSpy ready(&rig.control, &HelperControl::becameReady);
    rig.installer->onInstall = FakeHelperInstaller::state(State::RequiresApproval);
    rig.installer->onRefresh = FakeHelperInstaller::state(State::RequiresApproval);
    rig.control.trigger(Action::Install);
    QVERIFY(rig.control.isBusy());
    QCOMPARE(rig.control.statusText(), u"Helper: working…"_qs);
    QTRY_COMPARE(rig.control.status().state, State::RequiresApproval);
    rig.control.trigger(Action::OpenLoginItems);
    QVERIFY(rig.installer->calls.contains(u"openApprovalSettings"_qs));
    // The user turns it on in System Settings; the next look finds it.
    QTRY_VERIFY(rig.installer->calls.count(u"refresh"_qs) >= 2);
    rig.installer->onRefresh = FakeHelperInstaller::state(State::Ready);
    QVERIFY(ready.wait(2000));
    QCOMPARE(rig.control.statusText(), u"Helper: ready"_qs);
    const int looks = int(rig.installer->calls.count(u"refresh"_qs));
    QTest::qWait(100);
    QCOMPARE(rig.installer->calls.count(u"refresh"_qs), looks); // no more polling
    QCOMPARE(ready.size(), 1);
}

void TestHelperControl::updateReplacesAnOlderHelper()
{
    Rig rig;
    startAt(rig, State::NeedsUpgrade);
    QSignalSpy ready(&rig.control, &HelperControl::becameReady);
    rig.installer->onInstall = FakeHelperInstaller::state(State::Ready);
    rig.control.trigger(Action::Update);
    QVERIFY(ready.wait(2000));
    QCOMPARE(rig.installer->calls, (QStringList{u"refresh"_qs, u"install"_qs}));
}

void TestHelperControl::removeTakesOurBlockFirst()
{
    Rig rig;
    startAt(rig, State::Ready);
    rig.installer->onUninstall = FakeHelperInstaller::state(State::NotInstalled);
    rig.control.trigger(Action::Remove);
    QTRY_COMPARE(rig.control.status().state, State::NotInstalled);
    QCOMPARE(rig.installer->calls, (QStringList{u"refresh"_qs, u"withdraw"_qs, u"uninstall"_qs}));
    QCOMPARE(rig.control.actions(), QList<Action>{Action::Install});
}

void TestHelperControl::removeKeepsTheHelperWhenTheBlockStays()
{
    Rig rig;
    rig.withdrawOk = false;
    startAt(rig, State::Ready);
    QSignalSpy changed(&rig.control, &HelperControl::changed);
    rig.control.trigger(Action::Remove);
    QTRY_VERIFY(!rig.control.isBusy());
    QVERIFY(!rig.installer->calls.contains(u"uninstall"_qs));
    QCOMPARE(rig.control.statusText(), u"Helper: kept"_qs);
    QVERIFY2(rig.control.detail().contains(u"helper gone"_qs) &&
                 rig.control.detail().contains(u"try again"_qs),
             qPrintable(rig.control.detail()));
    QCOMPARE(rig.control.actions(), QList<Action>{Action::Remove}); // it can be tried again
}

void TestHelperControl::failuresOfferToCheckAgain()
{
    Rig rig;
    startAt(rig, State::NotInstalled);
    rig.installer->onInstall = FakeHelperInstaller::state(State::Failed, u"you cancelled"_qs);
    rig.control.trigger(Action::Install);
    QTRY_COMPARE(rig.control.status().state, State::Failed);
    QCOMPARE(rig.control.detail(), u"you cancelled"_qs);
    rig.installer->onRefresh = FakeHelperInstaller::state(State::NotInstalled);
    rig.control.trigger(Action::CheckAgain);
    QTRY_COMPARE(rig.control.status().state, State::NotInstalled);
}

void TestHelperControl::nothingWhileBusy()
{
    Rig rig;
    rig.control.start();
    QVERIFY(rig.control.isBusy());
    QVERIFY(rig.control.actions().isEmpty());
    rig.control.trigger(Action::Install); // ignored: nothing is offered
    QCOMPARE(rig.installer->calls, QStringList{u"refresh"_qs});
    QTRY_VERIFY(!rig.control.isBusy());
    rig.control.trigger(Action::Remove); // not offered in this state: ignored
    QVERIFY(!rig.installer->calls.contains(u"withdraw"_qs));
}

void TestHelperControl::installStepsInOrder()
{
    using S = InstallStep;
    QCOMPARE(installSteps(State::NotInstalled, false), QList<S>{S::Register});
    QCOMPARE(installSteps(State::NotInstalled, true), (QList<S>{S::RemoveLegacyJob, S::Register}));
    QCOMPARE(installSteps(State::NeedsUpgrade, false), (QList<S>{S::Unregister, S::Register}));
    QCOMPARE(installSteps(State::NotResponding, true),
             (QList<S>{S::RemoveLegacyJob, S::Unregister, S::Register}));
    QCOMPARE(installSteps(State::RequiresApproval, false), QList<S>{S::Register});
}

QTEST_GUILESS_MAIN(TestHelperControl)
#include "tst_helpercontrol.moc"
