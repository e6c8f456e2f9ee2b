// SyncStatus (the layer between core and tray) against real clusters: idle, syncing,
// synced, error and paused as they happen; the summary; "hosts added / moved" events only
// after the first write. And the icons drawn for each state.
#include "app/tray/contextchoices.h"
#include "app/tray/statusicons.h"
#include "app/tray/syncstatus.h"
#include "app/tray/traysettings.h"
#include "tests/gui/guifixture.h"
#include "tests/support/directpublishers.h"
#include "tests/support/kubeobjects.h"

#include <QImage>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

class TestSyncStatus : public QObject
{
    Q_OBJECT

    static int countPixels(const QImage &image, const std::function<bool(QColor)> &match)
    {
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                n += match(image.pixelColor(x, y)) ? 1 : 0;
        return n;
    }

private Q_SLOTS:
    void followsTheClusters()
    {
        GuiFixture fixture;
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        QSettings qs(fixture.settingsFile(), QSettings::IniFormat);
        TraySettings settings(&qs);
        Workspace workspace(directPublishers(fixture.hostsFile()), fixture.workspaceOptions());
        ContextChoices choices(&workspace, &settings);
        SyncStatus status(&workspace);
        QSignalSpy hostsChanged(&status, &SyncStatus::hostsChanged);
        QVERIFY(workspace.load(&error));
        QCOMPARE(status.state(), SyncStatus::State::Idle);
        QCOMPARE(status.summary(), u"0 clusters · 0 hosts"_qs);

        choices.setEnabled(u"kind-dev"_qs, true);
        QTRY_COMPARE_WITH_TIMEOUT(status.state(), SyncStatus::State::Syncing, 5000);
        // docs.dtk.io is blocked by the name policy: in sync, but not everything is written.
        QTRY_COMPARE_WITH_TIMEOUT(status.state(), SyncStatus::State::Attention, 10000);
        QCOMPARE(status.summary(), u"1 cluster · 5 hosts · 1 not written"_qs);
        QCOMPARE(status.notWritten(), 1);
        QVERIFY(status.tooltip().contains(u"synced"_qs));
        QVERIFY(status.tooltip().contains(u"1 not written"_qs));
        QVERIFY(status.tooltip().contains(u"1 cluster · 5 hosts"_qs));
        QVERIFY(status.hasWritten());
        QVERIFY(status.lastWrite().isValid());
        QCOMPARE(status.written().size(), 5);
        QCOMPARE(hostsChanged.size(), 0); // the first write of a run is not news

        // New and moved hosts are news.
        fixture.dev().cluster().create(
            ResourceKind::Ingress, KubeObjects::ingress(u"shop"_qs, u"admin"_qs,
                                                        {u"admin.shop.test"_qs}, u"172.18.0.9"_qs));
        QTRY_COMPARE_WITH_TIMEOUT(hostsChanged.size(), 1, 10000);
        auto added = hostsChanged.at(0).at(0).value<HostEntries>();
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().host, u"admin.shop.test"_qs);
        QVERIFY(hostsChanged.at(0).at(1).value<HostEntries>().isEmpty());
        fixture.dev().cluster().update(ResourceKind::Ingress,
                                       KubeObjects::ingress(u"shop"_qs, u"storefront"_qs,
                                                            {u"shop.test"_qs}, u"172.18.0.99"_qs));
        QTRY_COMPARE_WITH_TIMEOUT(hostsChanged.size(), 2, 10000);
        const auto moved = hostsChanged.at(1).at(1).value<HostEntries>();
        QCOMPARE(moved.size(), 1);
        QCOMPARE(moved.first().ip, u"172.18.0.99"_qs);

        // A cluster that cannot be reached is a problem, named with its context.
        fixture.staging().stopListening();
        choices.setEnabled(u"staging"_qs, true);
        QTRY_COMPARE_WITH_TIMEOUT(status.state(), SyncStatus::State::Error, 10000);
        QCOMPARE(status.problems().size(), 1);
        QVERIFY2(status.problems().first().startsWith(u"staging"_qs),
                 qPrintable(status.problems().first()));
        QVERIFY2(status.problems().first().contains(u"cannot reach"_qs),
                 qPrintable(status.problems().first()));
        QVERIFY(status.tooltip().contains(status.problems().first()));
        QCOMPARE(status.stateText(), u"1 problem"_qs);
        // A dead cluster is not counted as if it served: the summary says it fails.
        QVERIFY2(status.summary().startsWith(u"2 clusters (1 failing) · "_qs),
                 qPrintable(status.summary()));
        QCOMPARE(status.problemDetails().size(), 1);
        QCOMPARE(status.problemDetails().first().about, SyncStatus::Problem::About::Context);
        QCOMPARE(status.problemDetails().first().subject, u"staging"_qs);
        // ... and it recovers by itself when the server is back.
        QVERIFY(fixture.staging().listen(&error));
        QTRY_COMPARE_WITH_TIMEOUT(status.state(), SyncStatus::State::Attention, 15000);
        // staging's chart-dash.local loses to kind-dev's older one: a second host not written.
        // The hosts are counted in the file, so the count follows the write.
        QTRY_COMPARE_WITH_TIMEOUT(status.summary(), u"2 clusters · 7 hosts · 2 not written"_qs,
                                  5000);

        workspace.engine()->setPaused(true);
        status.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(status.state(), SyncStatus::State::Paused, 5000);
        workspace.engine()->setPaused(false);
        status.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(status.state(), SyncStatus::State::Attention, 5000);

        // A hosts file that cannot be written is a problem too.
        choices.setEnabled(u"staging"_qs, false);
        QFile::remove(fixture.hostsFile());
        QVERIFY(QDir().mkdir(fixture.hostsFile())); // a folder where the file should be
        QTRY_COMPARE_WITH_TIMEOUT(status.state(), SyncStatus::State::Error, 10000);
        QVERIFY(!status.problems().isEmpty());
    }

    void iconsShowTheState()
    {
        using Badge = StatusIcons::Badge;
        using Variant = StatusIcons::Variant;
        const QList<Badge> badges = {Badge::None, Badge::Synced, Badge::Syncing, Badge::Error,
                                     Badge::Paused};
        for (int size : {16, 22, 44}) {
            QList<QImage> images;
            for (Badge badge : badges) {
                const QImage image =
                    StatusIcons::trayPixmap(badge, Variant::ForLightPanel, size).toImage();
                QCOMPARE(image.size(), QSize(size, size));
                for (const QImage &other : std::as_const(images))
                    QVERIFY(image != other); // every state looks different
                images.append(image);
                if (badge == Badge::None)
                    continue;
                // The badge's colour is there (bottom-right quarter).
                const QColor expected = StatusIcons::badgeColor(badge);
                const QImage corner = image.copy(size / 2, size / 2, size / 2, size / 2);
                QVERIFY(countPixels(corner, [&](QColor c) {
                            return c.alpha() == 255 && qAbs(c.red() - expected.red()) < 8 &&
                                   qAbs(c.green() - expected.green()) < 8 &&
                                   qAbs(c.blue() - expected.blue()) < 8;
                        }) > size / 4);
            }
        }
        // Dark panels get a light glyph, light panels a dark one.
        const QImage light =
            StatusIcons::trayPixmap(Badge::None, Variant::ForLightPanel, 32).toImage();
        const QImage dark =
            StatusIcons::trayPixmap(Badge::None, Variant::ForDarkPanel, 32).toImage();
        QVERIFY(countPixels(light, [](QColor c) { return c.alpha() > 200 && c.lightness() < 80; }) >
                20);
        QVERIFY(countPixels(dark, [](QColor c) { return c.alpha() > 200 && c.lightness() > 200; }) >
                20);
        // The macOS template is a mask: black and alpha only.
        const QIcon templ = StatusIcons::tray(Badge::Error, Variant::Template);
        QVERIFY(templ.isMask());
        const QImage mask = StatusIcons::trayPixmap(Badge::Error, Variant::Template, 32).toImage();
        QCOMPARE(countPixels(mask,
                             [](QColor c) {
                                 return c.alpha() > 0 &&
                                        (c.red() > 0 || c.green() > 0 || c.blue() > 0);
                             }),
                 0);
        QVERIFY(countPixels(mask, [](QColor c) { return c.alpha() > 0; }) > 100);
        QVERIFY(StatusIcons::trayPixmap(Badge::Error, Variant::Template, 32).toImage() !=
                StatusIcons::trayPixmap(Badge::Paused, Variant::Template, 32).toImage());
    }
};

QTEST_MAIN(TestSyncStatus)
#include "tst_syncstatus.moc"
