// Where the tray app can show itself: a Mac always (Finder and the Dock set no DISPLAY),
// elsewhere with an X11 or Wayland display or an explicit Qt platform.
#include "app/displaycheck.h"

#include <QTest>

class TestDisplayCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decidesPerPlatform_data()
    {
        QTest::addColumn<DesktopPlatform>("platform");
        QTest::addColumn<QStringList>("variables"); // NAME=value
        QTest::addColumn<bool>("display");
        const auto mac = DesktopPlatform::MacOS;
        const auto desktop = DesktopPlatform::Unix;
        QTest::newRow("mac from Finder: nothing set") << mac << QStringList{} << true;
        QTest::newRow("mac with XQuartz") << mac << QStringList{u"DISPLAY=:0"_qs} << true;
        QTest::newRow("unix, no session") << desktop << QStringList{} << false;
        QTest::newRow("unix, X11") << desktop << QStringList{u"DISPLAY=:0"_qs} << true;
        QTest::newRow("unix, Wayland")
            << desktop << QStringList{u"WAYLAND_DISPLAY=wayland-0"_qs} << true;
        QTest::newRow("unix, offscreen")
            << desktop << QStringList{u"QT_QPA_PLATFORM=offscreen"_qs} << true;
        QTest::newRow("unix, empty DISPLAY") << desktop << QStringList{u"DISPLAY="_qs} << false;
    }

    void decidesPerPlatform()
    {
        QFETCH(DesktopPlatform, platform);
        QFETCH(QStringList, variables);
        QFETCH(bool, display);
        QProcessEnvironment env;
        for (const QString &v : variables)
            env.insert(v.section(u'=', 0, 0), v.section(u'=', 1));
        QCOMPARE(hasDisplay(platform, env), display);
    }

    void thisBuildKnowsItsPlatform()
    {
#ifdef Q_OS_MACOS
        QCOMPARE(currentPlatform(), DesktopPlatform::MacOS);
#else
        QCOMPARE(currentPlatform(), DesktopPlatform::Unix);
#endif
    }
};

QTEST_GUILESS_MAIN(TestDisplayCheck)
#include "tst_displaycheck.moc"
