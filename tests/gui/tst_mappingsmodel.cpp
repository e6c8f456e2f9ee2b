// MappingsModel over a real SyncEngine fed by two fake clusters: QAbstractItemModelTester
// checks every row insertion, removal and change while the clusters change, and the rows
// carry each mapping's state and reason. The filter model narrows by text and to problems.
#include "app/tray/contextchoices.h"
#include "app/tray/mappingsfiltermodel.h"
#include "app/tray/mappingsmodel.h"
#include "app/tray/traysettings.h"
#include "core/sink/hostsfilepublisher.h"
#include "tests/gui/guifixture.h"
#ifdef K8S_HOSTS_HELPER_DBUS
#include "core/sink/helpersink.h"
#endif
#include "tests/support/directpublishers.h"
#include "tests/support/kubeobjects.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

class TestMappingsModel : public QObject
{
    Q_OBJECT

    GuiFixture *m_fixture = nullptr;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<TraySettings> m_traySettings;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<ContextChoices> m_choices;
    std::unique_ptr<MappingsModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    QStringList rows(const QAbstractItemModel &model) const
    {
        QStringList out;
        for (int row = 0; row < model.rowCount(); ++row) {
            QStringList cells;
            for (int column = 0; column <= MappingsModel::StateColumn; ++column)
                cells << model.index(row, column).data().toString();
            out << cells.join(u" | "_qs);
        }
        return out;
    }

    int rowOf(const QString &host, const QString &context) const
    {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const HostMapping &m = m_model->mapping(row);
            if (m.host == host && m.source.context == context)
                return row;
        }
        return -1;
    }

private Q_SLOTS:
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
        m_model = std::make_unique<MappingsModel>(m_workspace->engine());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(m_workspace->load(&error));
        m_choices->setEnabled(u"kind-dev"_qs, true);
        m_choices->setEnabled(u"staging"_qs, true);
        QSignalSpy settled(m_workspace->engine(), &SyncEngine::settled);
        QVERIFY(settled.wait(10000));
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_choices.reset();
        m_workspace.reset();
        m_traySettings.reset();
        m_settings.reset();
        delete m_fixture;
    }

    void showsEveryMappingWithItsStateAndReason()
    {
        QCOMPARE(
            rows(*m_model),
            (QStringList{
                u"*.preview.shop.test | 172.18.0.201 | kind-dev | shop | Ingress previews · spec.rules[].host | wildcard not supported"_qs,
                u"api.shop.test | 172.18.0.202 | kind-dev | shop | Service api · hostname annotation | written"_qs,
                u"api.staging.internal | 10.20.0.15 | staging | default | Ingress api · spec.rules[].host | written"_qs,
                u"chart-dash.local | 172.18.0.200 | kind-dev | tyk | Ingress dashboard · spec.rules[].host | written"_qs,
                u"chart-dash.local | 10.20.0.99 | staging | tyk | Ingress dashboard · spec.rules[].host | conflict"_qs,
                u"chart-gw.local | 172.18.0.200 | kind-dev | tyk | Ingress dashboard · spec.rules[].host | written"_qs,
                u"docs.dtk.io | 172.18.0.203 | kind-dev | docs | Ingress docs · spec.rules[].host | blocked"_qs,
                u"grafana.local | — | kind-dev | monitoring | Ingress grafana · spec.rules[].host | waiting for IP"_qs,
                u"shop.test | 172.18.0.201 | kind-dev | shop | Ingress storefront · spec.rules[].host | written"_qs,
                u"www.example.test | 172.18.0.210 | kind-dev | web | HTTPRoute site · spec.hostnames | written"_qs,
            }));
        // Every state but active says why, in the Reason column and the tooltip.
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QModelIndex state = m_model->index(row, MappingsModel::StateColumn);
            const QString reason =
                m_model->index(row, MappingsModel::ReasonColumn).data().toString();
            if (m_model->mapping(row).state == MappingState::Active) {
                QVERIFY(reason.isEmpty());
            } else {
                QVERIFY2(reason.size() > 20, qPrintable(reason));
                QCOMPARE(state.data(Qt::ToolTipRole).toString(), reason);
            }
        }
        QVERIFY(
            m_model->index(rowOf(u"docs.dtk.io"_qs, u"kind-dev"_qs), MappingsModel::ReasonColumn)
                .data()
                .toString()
                .contains(u"dtk.io"_qs));
    }

    void followsTheClusterRowByRow()
    {
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        FakeCluster &dev = m_fixture->dev().cluster();

        // grafana gets its address: the same row changes from waiting to active.
        const QPersistentModelIndex grafana =
            m_model->index(rowOf(u"grafana.local"_qs, u"kind-dev"_qs), 0);
        dev.update(ResourceKind::Ingress,
                   KubeObjects::ingress(u"monitoring"_qs, u"grafana"_qs, {u"grafana.local"_qs},
                                        u"172.18.0.204"_qs));
        QTRY_COMPARE_WITH_TIMEOUT(m_model->mapping(grafana.row()).state, MappingState::Active,
                                  10000);
        QVERIFY(grafana.isValid());
        QVERIFY(removed.isEmpty());
        QVERIFY(!changed.isEmpty());

        // A new Ingress is one inserted row, a deleted one a removed row; never a reset.
        dev.create(ResourceKind::Ingress,
                   KubeObjects::ingress(u"shop"_qs, u"admin"_qs, {u"admin.shop.test"_qs},
                                        u"172.18.0.205"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"admin.shop.test"_qs, u"kind-dev"_qs) >= 0, 10000);
        QCOMPARE(inserted.size(), 1);
        dev.remove(ResourceKind::Ingress, u"shop"_qs, u"storefront"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(u"shop.test"_qs, u"kind-dev"_qs), -1, 10000);
        QCOMPARE(removed.size(), 1);

        // The kind-dev claim on chart-dash.local goes: staging's becomes active.
        dev.remove(ResourceKind::Ingress, u"tyk"_qs, u"dashboard"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"chart-dash.local"_qs, u"kind-dev"_qs) == -1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_model->mapping(rowOf(u"chart-dash.local"_qs, u"staging"_qs)).state,
            MappingState::Active, 10000);
        QCOMPARE(reset.size(), 0);

        // Disabling a context removes its rows.
        m_choices->setEnabled(u"kind-dev"_qs, false);
        QTRY_COMPARE_WITH_TIMEOUT(rows(*m_model).size(), 2, 10000);
    }

    void sortsAndFilters()
    {
        MappingsFilterModel proxy;
        proxy.setSourceModel(m_model.get());
        QAbstractItemModelTester proxyTester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(MappingsModel::AddressColumn, Qt::AscendingOrder);
        QStringList addresses;
        for (int row = 0; row < proxy.rowCount(); ++row)
            addresses << proxy.index(row, MappingsModel::AddressColumn).data().toString();
        // Numeric order of addresses (10.20… before 172.18…), hosts without one last.
        QCOMPARE(addresses.first(), u"10.20.0.15"_qs);
        QCOMPARE(addresses.last(), u"—"_qs);
        QVERIFY(addresses.indexOf(u"172.18.0.200"_qs) < addresses.indexOf(u"172.18.0.210"_qs));

        proxy.setFilterFixedString(u"SHOP"_qs);
        QCOMPARE(proxy.rowCount(), 3); // the wildcard, api.shop.test and shop.test
        proxy.setFilterFixedString(u"staging"_qs);
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setFilterFixedString({});
        proxy.setProblemsOnly(true);
        QStringList states;
        for (int row = 0; row < proxy.rowCount(); ++row)
            states << proxy.index(row, MappingsModel::StateColumn).data().toString();
        states.sort();
        QCOMPARE(states, (QStringList{u"blocked"_qs, u"conflict"_qs, u"waiting for IP"_qs,
                                      u"wildcard not supported"_qs}));
        // The filter follows live changes.
        m_fixture->dev().cluster().update(
            ResourceKind::Ingress, KubeObjects::ingress(u"monitoring"_qs, u"grafana"_qs,
                                                        {u"grafana.local"_qs}, u"172.18.0.204"_qs));
        QTRY_COMPARE_WITH_TIMEOUT(proxy.rowCount(), 3, 10000);
    }

#ifdef K8S_HOSTS_HELPER_DBUS
    // The helper cannot be reached: no row says "written", each says why, and the rows
    // are problems.
    void withoutTheHelperNothingIsCalledWritten()
    {
        m_tester.reset();
        m_model.reset();
        m_choices.reset();
        m_workspace.reset();
        QFile hosts(m_fixture->hostsFile()); // as before any run: nothing of ours in it
        QVERIFY(hosts.open(QIODevice::WriteOnly | QIODevice::Truncate));
        hosts.write(GuiFixture::originalHosts());
        hosts.close();
        const QByteArray before = m_fixture->hostsText();
        const QDBusConnection noBus =
            QDBusConnection::connectToBus(u"unix:path=/nonexistent"_qs, u"no-bus"_qs);
        m_workspace = std::make_unique<Workspace>(
            QList<Publisher *>{new HostsFilePublisher(new HelperSink(noBus), m_fixture->hostsFile(),
                                                      u"K8S-HOSTS"_qs)},
            m_fixture->workspaceOptions());
        m_choices = std::make_unique<ContextChoices>(m_workspace.get(), m_traySettings.get());
        m_model = std::make_unique<MappingsModel>(m_workspace->engine());
        QString error;
        QVERIFY(m_workspace->load(&error));
        m_choices->setEnabled(u"kind-dev"_qs, true);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"shop.test"_qs, u"kind-dev"_qs) >= 0 &&
                                     m_model->stateText(rowOf(u"shop.test"_qs, u"kind-dev"_qs)) ==
                                         u"write failed",
                                 10000);
        const int row = rowOf(u"shop.test"_qs, u"kind-dev"_qs);
        QVERIFY2(m_model->reason(row).contains(u"D-Bus system bus"_qs),
                 qPrintable(m_model->reason(row)));
        QVERIFY(m_model->isProblem(row));
        for (int r = 0; r < m_model->rowCount(); ++r)
            QVERIFY(m_model->stateText(r) != u"written");
        QCOMPARE(m_fixture->hostsText(), before);
    }
#endif
};

QTEST_GUILESS_MAIN(TestMappingsModel)
#include "tst_mappingsmodel.moc"
