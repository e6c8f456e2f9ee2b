// The tray's "Also publish to" against a real BIND (tests/dns/dnsserverfixture, root): the
// Preferences dialog checks what it is given and imports a tsig-keygen file; applying it
// publishes the clusters' names in the zone with that key while the hosts file goes on as
// before, the summary says what the zone holds, a wrong key is said in the window, and
// switching the zone off takes our names out of it. The secret never reaches the settings.
#include "app/tray/mainwindow.h"
#include "app/tray/mappingsfiltermodel.h"
#include "app/tray/mappingsmodel.h"
#include "app/tray/mappingspanel.h"
#include "app/tray/preferencesdialog.h"
#include "app/tray/publishingbox.h"
#include "app/tray/publishtargets.h"
#include "app/tray/syncstatus.h"
#include "app/tray/trayapp.h"
#include "app/tray/traysettings.h"
#include "tests/dns/dnsserverfixture.h"
#include "tests/gui/guifixture.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

#include <memory>

class TestTrayPublishing : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    GuiFixture *m_fixture = nullptr;
    std::unique_ptr<DnsServerFixture> m_dns;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<TrayApp> m_app;

    std::unique_ptr<TrayApp> makeApp()
    {
        // No keychain: the secret is used for this run and not kept, and the window says so.
        return std::make_unique<TrayApp>(
            m_fixture->traySetup(m_settings.get(), m_fixture->hostsFile()));
    }

    // The "Also published to" column of a host's row in the window.
    QString elsewhere(const QString &host)
    {
        const QAbstractItemModel *model = m_app->window()->mappings()->proxy();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, MappingsModel::HostColumn).data().toString() == host)
                return model->index(row, MappingsModel::ElsewhereColumn).data().toString();
        }
        return u"(no row)"_qs;
    }

    PreferencesDialog *fillZone(const QString &keyFile)
    {
        PreferencesDialog *dialog = m_app->openPreferences();
        PublishingBox *box = dialog->publishingBox();
        box->dnsBox()->setChecked(true);
        box->serverEdit()->setText(m_dns->server());
        box->zoneEdit()->setText(u"shop.test"_qs);
        if (!keyFile.isEmpty() && !box->importKey(keyFile))
            return nullptr;
        return dialog;
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
        if (::geteuid() != 0)
            QSKIP("the DNS server runs as nobody, started by root: run as root (CI does)");
        m_fixture = new GuiFixture;
        QString error;
        QVERIFY2(m_fixture->start(&error), qPrintable(error));
        DnsServerFixture::Options zone;
        zone.zone = u"shop.test"_qs;
        m_dns = std::make_unique<DnsServerFixture>(DnsServerFixture::Kind::Bind, zone);
        QVERIFY2(m_dns->start(&error), qPrintable(error));
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
        m_dns.reset();
        delete m_fixture;
        m_fixture = nullptr;
    }

    void dialogChecksWhatItIsGiven()
    {
        PreferencesDialog *dialog = m_app->openPreferences();
        PublishingBox *box = dialog->publishingBox();
        QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        QVERIFY(!box->serverEdit()->isEnabled()); // the zone's fields wait for its box
        box->dnsBox()->setChecked(true);
        QVERIFY(box->serverEdit()->isEnabled());
        QVERIFY(!ok->isEnabled());
        QVERIFY(box->problem().contains(u"server"_qs));
        box->serverEdit()->setText(u"ns1.example.test:99999"_qs);
        QVERIFY(!ok->isEnabled());
        box->serverEdit()->setText(u"ns1.example.test"_qs);
        box->zoneEdit()->setText(u"shop.test"_qs);
        QVERIFY2(ok->isEnabled(), qPrintable(box->problem()));
        QVERIFY(box->keyLabel()->text().contains(u"unsigned"_qs));

        QFile broken(m_fixture->dir() + u"/broken.key"_qs);
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("key \"x\" { algorithm hmac-sha256; };\n");
        broken.close();
        QVERIFY(!box->importKey(broken.fileName()));
        QVERIFY(!box->keyLabel()->text().isEmpty());
        QVERIFY(box->importKey(m_dns->keyFile()));
        QVERIFY2(box->keyLabel()->text().contains(m_dns->key().name),
                 qPrintable(box->keyLabel()->text()));
        const TrayPreferences p = dialog->preferences();
        QCOMPARE(p.dns.keyName, m_dns->key().name);
        QCOMPARE(p.newKeySecret, m_dns->key().secret);
        dialog->reject();
    }

    void zonePublishedBesideTheHostsFileThenRemoved()
    {
        PreferencesDialog *dialog = fillZone(m_dns->keyFile());
        QVERIFY(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();

        QTRY_COMPARE_WITH_TIMEOUT(m_dns->lookup(u"api.shop.test"_qs, u"A"_qs),
                                  QStringList{u"172.18.0.202"_qs}, 15000);
        QVERIFY(m_app->targets()->zoneChannel());
        QCOMPARE(m_fixture->blockLines().size(), 5); // the hosts file as before
        QTRY_VERIFY_WITH_TIMEOUT(m_app->status()->summary().contains(u"DNS zone: "_qs), 10000);
        // The window's row says where else the name is: in the zone (not shop.test, its apex).
        QTRY_COMPARE_WITH_TIMEOUT(elsewhere(u"api.shop.test"_qs), u"DNS zone"_qs, 10000);
        QCOMPARE(elsewhere(u"shop.test"_qs), QString());
        // No keychain in this test: the window says the key is kept for this run only.
        QVERIFY2(m_app->window()->statusBar()->currentMessage().contains(u"keychain"_qs),
                 qPrintable(m_app->window()->statusBar()->currentMessage()));
        // The settings name the key; its secret is not there.
        m_settings->sync();
        QFile ini(m_fixture->settingsFile());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray settings = ini.readAll();
        QVERIFY(settings.contains(m_dns->key().name.toUtf8()));
        QVERIFY(!settings.contains(m_dns->key().secret));

        // Switched off: our names leave the zone, the hosts file keeps its block.
        TrayPreferences p = m_app->preferences();
        p.dns.enabled = false;
        m_app->applyPreferences(p);
        QVERIFY(!m_app->targets()->zoneChannel());
        QTRY_VERIFY_WITH_TIMEOUT(m_dns->lookup(u"api.shop.test"_qs, u"A"_qs).isEmpty(), 15000);
        QCOMPARE(m_fixture->blockLines().size(), 5);
        QTRY_VERIFY_WITH_TIMEOUT(!m_app->status()->summary().contains(u"DNS zone"_qs), 10000);
    }

    void wrongKeyIsAProblemInTheWindow()
    {
        QFile key(m_fixture->dir() + u"/wrong.key"_qs);
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write("key \"" + m_dns->key().name.toUtf8() + "\" { algorithm hmac-sha256; secret \"" +
                  QByteArray(32, 'w').toBase64() + "\"; };\n");
        key.close();
        PreferencesDialog *dialog = fillZone(key.fileName());
        QVERIFY(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(m_app->status()->state() == SyncStatus::State::Error, 15000);
        const QString problems = m_app->status()->problems().join(u'\n');
        QVERIFY2(problems.contains(u"DNS zone: "_qs) && problems.contains(u"BADSIG"_qs),
                 qPrintable(problems));
        QVERIFY(m_dns->lookup(u"api.shop.test"_qs, u"A"_qs).isEmpty());
    }
};

QTEST_MAIN(TestTrayPublishing)
#include "tst_traypublishing.moc"
