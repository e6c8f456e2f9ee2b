// The tray's local resolver (Preferences → "Wildcard names through a local DNS resolver"):
// the dialog checks its domains; applied, the responder answers the fixture's wildcard and
// exact names over DNS (dig) beside the hosts file, the window says where else each name
// is and that the system does not ask the responder (no helper on this bus), and switching
// it off closes its port. Offscreen; no root needed.
#include "app/tray/mainwindow.h"
#include "app/tray/mappingsfiltermodel.h"
#include "app/tray/mappingsmodel.h"
#include "app/tray/mappingspanel.h"
#include "app/tray/preferencesdialog.h"
#include "app/tray/problemsbanner.h"
#include "app/tray/publishingbox.h"
#include "app/tray/publishtargets.h"
#include "app/tray/syncstatus.h"
#include "app/tray/trayapp.h"
#include "tests/gui/guifixture.h"
#include "tests/support/freeport.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTcpServer>
#include <QTest>
#include <QUdpSocket>

#include <memory>

namespace {
int s_notRegistered = 0;              // "… is not registered with the system" lines logged
QtMessageHandler s_handler = nullptr; // the one before, which still gets every line

void countNotRegistered(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (text.contains(u"is not registered with the system"_qs))
        ++s_notRegistered;
    if (s_handler)
        s_handler(type, context, text);
}
} // namespace

class TestTrayResolver : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    GuiFixture *m_fixture = nullptr;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<TrayApp> m_app;
    quint16 m_port = 0;

    // dig at the responder; the event loop runs meanwhile, so the app answers.
    QString dig(const QString &name)
    {
        QProcess process;
        QSignalSpy done(&process, &QProcess::finished);
        process.start(u"dig"_qs, {u"@127.0.0.1"_qs, u"-p"_qs, QString::number(m_port), u"+short"_qs,
                                  u"+tries=1"_qs, u"+time=2"_qs, name});
        if (!done.wait(15000))
            return u"(dig did not finish)"_qs;
        return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    }

    QString elsewhere(const QString &host)
    {
        const QAbstractItemModel *model = m_app->window()->mappings()->proxy();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, MappingsModel::HostColumn).data().toString() == host)
                return model->index(row, MappingsModel::ElsewhereColumn).data().toString();
        }
        return u"(no row)"_qs;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", m_home.filePath(u"config"_qs).toUtf8());
        qputenv("XDG_RUNTIME_DIR", m_home.path().toUtf8());
        // No helper can be reached: the window must say the system does not ask the responder.
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/k8s-hosts-test-bus");
    }

    void init()
    {
        m_fixture = new GuiFixture;
        QString error;
        QVERIFY2(m_fixture->start(&error), qPrintable(error));
        m_settings = std::make_unique<QSettings>(m_fixture->settingsFile(), QSettings::IniFormat);
        m_app = std::make_unique<TrayApp>(
            m_fixture->traySetup(m_settings.get(), m_fixture->hostsFile()));
        QSignalSpy started(m_app.get(), &TrayApp::started);
        m_app->start();
        QVERIFY(started.wait(5000));
        QTRY_VERIFY_WITH_TIMEOUT(!m_fixture->blockLines().isEmpty(), 10000);
        m_port = freeLocalPort();
        QVERIFY(m_port != 0);
    }

    void cleanup()
    {
        m_app.reset();
        m_settings.reset();
        delete m_fixture;
        m_fixture = nullptr;
    }

    void dialogChecksTheDomains()
    {
        PreferencesDialog *dialog = m_app->openPreferences();
        PublishingBox *box = dialog->publishingBox();
        QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(!box->resolverDomainsEdit()->isEnabled());
        box->resolverBox()->setChecked(true);
        QVERIFY(box->resolverDomainsEdit()->isEnabled());
        QVERIFY(ok->isEnabled()); // no domain: the wildcards' domains
        box->resolverDomainsEdit()->setText(u"apps..test"_qs);
        QVERIFY(!ok->isEnabled());
        QVERIFY2(box->problem().contains(u"apps..test"_qs), qPrintable(box->problem()));
        box->resolverDomainsEdit()->setText(u"Shop.Test., dev.test"_qs);
        QVERIFY2(ok->isEnabled(), qPrintable(box->problem()));
        QCOMPARE(dialog->preferences().resolver.domains,
                 (QStringList{u"shop.test"_qs, u"dev.test"_qs}));
        dialog->reject();
    }

    void answersBesideTheHostsFileThenCloses()
    {
        PreferencesDialog *dialog = m_app->openPreferences();
        PublishingBox *box = dialog->publishingBox();
        box->resolverBox()->setChecked(true);
        box->resolverPortBox()->setValue(m_port);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(m_app->targets()->resolverChannel());
        const qsizetype lines = m_fixture->blockLines().size();

        // The wildcard's domain (preview.shop.test) is served: any name under it, which no
        // hosts file can hold, and an exact name there too.
        QTRY_COMPARE_WITH_TIMEOUT(dig(u"pr-42.preview.shop.test"_qs), u"172.18.0.201"_qs, 10000);
        QCOMPARE(dig(u"a.b.preview.shop.test"_qs), u"172.18.0.201"_qs);
        QCOMPARE(m_fixture->blockLines().size(), lines); // the hosts file as before
        QTRY_COMPARE_WITH_TIMEOUT(elsewhere(u"*.preview.shop.test"_qs), u"local resolver"_qs,
                                  10000);
        // Registration was asked for and could not happen: said, with the reason.
        QTRY_VERIFY_WITH_TIMEOUT(m_app->status()->problems().join(u'\n').contains(
                                     u"local resolver: not registered with the system"_qs),
                                 10000);
        QVERIFY2(
            m_app->status()->problems().join(u'\n').contains(u"system bus is not reachable"_qs),
            qPrintable(m_app->status()->problems().join(u'\n')));
        QCOMPARE(m_settings->value(u"publish/resolver/port"_qs).toUInt(), uint(m_port));
        // The banner's Retry asks again (here it fails again, and says so again).
        s_notRegistered = 0;
        s_handler = qInstallMessageHandler(countNotRegistered);
        QPushButton *retry = nullptr;
        for (QPushButton *b : m_app->window()->problems()->findChildren<QPushButton *>()) {
            if (b->text() == u"Retry"_qs)
                retry = b;
        }
        QVERIFY(retry);
        retry->click();
        qInstallMessageHandler(s_handler);
        QVERIFY(s_notRegistered > 0);

        // Off: the channel goes and the port is closed; the hosts file keeps its block.
        TrayPreferences p = m_app->preferences();
        QVERIFY(p.resolver.enabled);
        p.resolver.enabled = false;
        m_app->applyPreferences(p);
        QVERIFY(!m_app->targets()->resolverChannel());
        QTRY_VERIFY_WITH_TIMEOUT(!dig(u"pr-42.preview.shop.test"_qs).contains(u"172.18.0.201"_qs),
                                 10000);
        QCOMPARE(m_fixture->blockLines().size(), lines);
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_app->status()->problems().join(u'\n').contains(u"local resolver"_qs), 10000);
    }

    void aTakenPortIsSaid()
    {
        QUdpSocket taken;
        QVERIFY(taken.bind(QHostAddress::LocalHost, m_port));
        TrayPreferences p = m_app->preferences();
        p.resolver.enabled = true;
        p.resolver.port = m_port;
        m_app->applyPreferences(p);
        QVERIFY(!m_app->targets()->resolverChannel());
        QTRY_VERIFY_WITH_TIMEOUT(m_app->window()->statusBar()->currentMessage().contains(
                                     u"The local resolver is off: cannot listen on 127.0.0.1"_qs),
                                 5000);
    }
};

QTEST_MAIN(TestTrayResolver)
#include "tst_trayresolver.moc"
