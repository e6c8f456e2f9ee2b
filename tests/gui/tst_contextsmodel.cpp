// ContextsModel over a real Workspace and two fake clusters: QAbstractItemModelTester checks
// every signal while contexts and namespaces come and go, and ticking boxes through the
// model changes what the hosts file holds.
#include "app/tray/contextchoices.h"
#include "app/tray/contextsmodel.h"
#include "app/tray/traysettings.h"
#include "tests/gui/guifixture.h"
#include "tests/support/directpublishers.h"
#include "tests/support/kubeobjects.h"

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

class TestContextsModel : public QObject
{
    Q_OBJECT

private:
    struct Rig
    {
        GuiFixture fixture;
        std::unique_ptr<QSettings> settings;
        std::unique_ptr<TraySettings> traySettings;
        std::unique_ptr<Workspace> workspace;
        std::unique_ptr<ContextChoices> choices;
        std::unique_ptr<ContextsModel> model;
        std::unique_ptr<QAbstractItemModelTester> tester;
    };

    static bool makeRig(Rig &rig)
    {
        QString error;
        if (!rig.fixture.start(&error)) {
            qWarning() << error;
            return false;
        }
        rig.settings =
            std::make_unique<QSettings>(rig.fixture.settingsFile(), QSettings::IniFormat);
        rig.traySettings = std::make_unique<TraySettings>(rig.settings.get());
        rig.workspace = std::make_unique<Workspace>(directPublishers(rig.fixture.hostsFile()),
                                                    rig.fixture.workspaceOptions());
        rig.choices = std::make_unique<ContextChoices>(rig.workspace.get(), rig.traySettings.get());
        rig.model = std::make_unique<ContextsModel>(rig.choices.get());
        rig.tester = std::make_unique<QAbstractItemModelTester>(
            rig.model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        if (!rig.workspace->load(&error)) {
            qWarning() << error;
            return false;
        }
        rig.choices->restore({});
        return true;
    }

    static QStringList childNames(ContextsModel &model, const QModelIndex &parent)
    {
        QStringList names;
        for (int row = 0; row < model.rowCount(parent); ++row)
            names << model.index(row, 0, parent).data().toString();
        return names;
    }

    static QModelIndex child(ContextsModel &model, const QString &context, const QString &text)
    {
        const QModelIndex parent = model.contextIndex(context);
        for (int row = 0; row < model.rowCount(parent); ++row) {
            const QModelIndex i = model.index(row, 0, parent);
            if (i.data().toString() == text)
                return i;
        }
        return {};
    }

private Q_SLOTS:
    void listsContextsAndEnablesTheCurrentOneOnFirstRun()
    {
        Rig rig;
        QVERIFY(makeRig(rig));
        ContextsModel &model = *rig.model;
        QCOMPARE(childNames(model, {}), (QStringList{u"kind-dev"_qs, u"staging"_qs}));
        const QModelIndex dev = model.contextIndex(u"kind-dev"_qs);
        const QModelIndex staging = model.contextIndex(u"staging"_qs);
        QCOMPARE(dev.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QCOMPARE(staging.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
        QCOMPARE(model.index(staging.row(), ContextsModel::StateColumn).data().toString(),
                 u"off"_qs);
        QCOMPARE(model.rowCount(staging), 0);
        QVERIFY(rig.traySettings->hasContexts()); // the first run's choice is remembered

        // The namespaces arrive from the cluster, under "All namespaces", all ticked.
        QTRY_COMPARE_WITH_TIMEOUT(childNames(model, dev),
                                  (QStringList{u"All namespaces"_qs, u"docs"_qs, u"monitoring"_qs,
                                               u"shop"_qs, u"tyk"_qs, u"web"_qs}),
                                  10000);
        for (int row = 0; row < model.rowCount(dev); ++row)
            QCOMPARE(model.index(row, 0, dev).data(Qt::CheckStateRole).value<Qt::CheckState>(),
                     Qt::Checked);
        QTRY_VERIFY_WITH_TIMEOUT(model.index(dev.row(), ContextsModel::StateColumn)
                                     .data()
                                     .toString()
                                     .startsWith(u"synced · 5 hosts"_qs),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(rig.fixture.blockLines().contains(u"172.18.0.201 shop.test"_qs),
                                 10000);
    }

    void tickingBoxesChangesTheHostsFile()
    {
        Rig rig;
        QVERIFY(makeRig(rig));
        ContextsModel &model = *rig.model;
        QTRY_VERIFY_WITH_TIMEOUT(child(model, u"kind-dev"_qs, u"shop"_qs).isValid(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(rig.fixture.blockLines().contains(u"172.18.0.201 shop.test"_qs),
                                 10000);

        // Untick one namespace: from "all" to every other namespace.
        QVERIFY(model.setData(child(model, u"kind-dev"_qs, u"shop"_qs), Qt::Unchecked,
                              Qt::CheckStateRole));
        const NamespaceSelection selection = rig.workspace->choice(u"kind-dev"_qs).namespaces;
        QVERIFY(!selection.all);
        QCOMPARE(selection.names,
                 (QStringList{u"docs"_qs, u"monitoring"_qs, u"tyk"_qs, u"web"_qs}));
        QCOMPARE(child(model, u"kind-dev"_qs, u"All namespaces"_qs)
                     .data(Qt::CheckStateRole)
                     .value<Qt::CheckState>(),
                 Qt::PartiallyChecked);
        QTRY_VERIFY_WITH_TIMEOUT(!rig.fixture.blockLines().contains(u"172.18.0.201 shop.test"_qs),
                                 10000);
        QVERIFY(!rig.fixture.blockLines().contains(u"172.18.0.202 api.shop.test"_qs));
        QVERIFY(rig.fixture.blockLines().contains(u"172.18.0.200 chart-dash.local"_qs));
        // Remembered for the next start.
        QCOMPARE(rig.traySettings->contexts().value(u"kind-dev"_qs).namespaces, selection);

        // Ticked again, the last namespace makes it "all" again: the box is ticked, not half.
        QVERIFY(model.setData(child(model, u"kind-dev"_qs, u"shop"_qs), Qt::Checked,
                              Qt::CheckStateRole));
        QVERIFY(rig.workspace->choice(u"kind-dev"_qs).namespaces.all);
        QCOMPARE(child(model, u"kind-dev"_qs, u"All namespaces"_qs)
                     .data(Qt::CheckStateRole)
                     .value<Qt::CheckState>(),
                 Qt::Checked);
        QTRY_VERIFY_WITH_TIMEOUT(rig.fixture.blockLines().contains(u"172.18.0.201 shop.test"_qs),
                                 10000);
        QVERIFY(model.setData(child(model, u"kind-dev"_qs, u"shop"_qs), Qt::Unchecked,
                              Qt::CheckStateRole));
        QTRY_VERIFY_WITH_TIMEOUT(!rig.fixture.blockLines().contains(u"172.18.0.201 shop.test"_qs),
                                 10000);

        // Enable the second cluster: its hosts join; its claim on chart-dash.local loses.
        QVERIFY(model.setData(model.contextIndex(u"staging"_qs), Qt::Checked, Qt::CheckStateRole));
        QTRY_VERIFY_WITH_TIMEOUT(
            rig.fixture.blockLines().contains(u"10.20.0.15 api.staging.internal"_qs), 10000);
        QVERIFY(!rig.fixture.blockLines().contains(u"10.20.0.99 chart-dash.local"_qs));
        QTRY_COMPARE_WITH_TIMEOUT(childNames(model, model.contextIndex(u"staging"_qs)),
                                  (QStringList{u"All namespaces"_qs, u"default"_qs, u"tyk"_qs}),
                                  10000);

        // "All namespaces" brings shop back.
        QVERIFY(model.setData(child(model, u"kind-dev"_qs, u"All namespaces"_qs), Qt::Checked,
                              Qt::CheckStateRole));
        QVERIFY(rig.workspace->choice(u"kind-dev"_qs).namespaces.all);
        QTRY_VERIFY_WITH_TIMEOUT(rig.fixture.blockLines().contains(u"172.18.0.201 shop.test"_qs),
                                 10000);

        // Unticking it selects nothing; then one namespace alone.
        QVERIFY(model.setData(child(model, u"kind-dev"_qs, u"All namespaces"_qs), Qt::Unchecked,
                              Qt::CheckStateRole));
        QVERIFY(model.setData(child(model, u"kind-dev"_qs, u"tyk"_qs), Qt::Checked,
                              Qt::CheckStateRole));
        QCOMPARE(rig.workspace->choice(u"kind-dev"_qs).namespaces,
                 (NamespaceSelection{false, {u"tyk"_qs}}));
        QTRY_COMPARE_WITH_TIMEOUT(
            rig.fixture.blockLines(),
            (QStringList{u"10.20.0.15 api.staging.internal"_qs, u"172.18.0.200 chart-dash.local"_qs,
                         u"172.18.0.200 chart-gw.local"_qs}),
            10000);

        // Disabling a context removes its namespaces from the tree and its hosts from the file.
        QVERIFY(
            model.setData(model.contextIndex(u"kind-dev"_qs), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(model.rowCount(model.contextIndex(u"kind-dev"_qs)), 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            rig.fixture.blockLines(),
            (QStringList{u"10.20.0.15 api.staging.internal"_qs, u"10.20.0.99 chart-dash.local"_qs}),
            10000);
        // Enabling it again restores the namespace choice it had.
        QVERIFY(model.setData(model.contextIndex(u"kind-dev"_qs), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(rig.workspace->choice(u"kind-dev"_qs).namespaces,
                 (NamespaceSelection{false, {u"tyk"_qs}}));
    }

    void followsTheClusterAndTheKubeconfig()
    {
        Rig rig;
        QVERIFY(makeRig(rig));
        ContextsModel &model = *rig.model;
        const QModelIndex dev = model.contextIndex(u"kind-dev"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(dev), 6, 10000);

        rig.fixture.dev().cluster().create(
            ResourceKind::Ingress, KubeObjects::ingress(u"billing"_qs, u"web"_qs,
                                                        {u"billing.test"_qs}, u"172.18.0.220"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(child(model, u"kind-dev"_qs, u"billing"_qs).isValid(), 10000);
        QCOMPARE(child(model, u"kind-dev"_qs, u"billing"_qs).row(), 1); // sorted
        rig.fixture.dev().cluster().remove(ResourceKind::Namespace, {}, u"monitoring"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!child(model, u"kind-dev"_qs, u"monitoring"_qs).isValid(), 10000);

        // A third context appears in the kubeconfig (kind create cluster): a new row.
        KubeconfigWriter third = rig.fixture.staging().kubeconfig();
        third.setContextName(u"kind-extra"_qs);
        QString error;
        QVERIFY(third.write(rig.fixture.extraKubeconfig(), &error));
        QTRY_COMPARE_WITH_TIMEOUT(childNames(model, {}),
                                  (QStringList{u"kind-dev"_qs, u"kind-extra"_qs, u"staging"_qs}),
                                  10000);
        QCOMPARE(
            model.contextIndex(u"kind-extra"_qs).data(Qt::CheckStateRole).value<Qt::CheckState>(),
            Qt::Unchecked);
    }

    void anEnabledContextTheKubeconfigLostStaysListed()
    {
        Rig rig;
        QVERIFY(makeRig(rig));
        rig.choices->setEnabled(u"gone-cluster"_qs, true);
        const QModelIndex gone = rig.model->contextIndex(u"gone-cluster"_qs);
        QVERIFY(gone.isValid());
        QCOMPARE(rig.model->index(gone.row(), ContextsModel::StateColumn).data().toString(),
                 u"not in kubeconfig"_qs);
        QVERIFY(gone.data(ContextsModel::DetailRole).toString().contains(u"gone-cluster"_qs));
        rig.choices->setEnabled(u"gone-cluster"_qs, false);
        QVERIFY(!rig.model->contextIndex(u"gone-cluster"_qs).isValid());
    }
};

QTEST_GUILESS_MAIN(TestContextsModel)
#include "tst_contextsmodel.moc"
