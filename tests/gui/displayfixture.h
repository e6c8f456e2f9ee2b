#pragma once

#include <QProcess>
#include <QSize>
#include <QString>
#include <QTemporaryDir>

// A real X display with a system tray for the display test: Xvfb (which reports its display
// number when it is ready, -displayfd), a desktop background, and trayer, the small
// freedesktop tray host, along the top edge. Started before the QApplication (which needs
// DISPLAY), each stopped by its PID.
class DisplayFixture
{
public:
    ~DisplayFixture();

    bool start(QString *error);
    void stop();

    QString display() const { return m_display; } // ":N"
    // 1280×800, or $K8S_HOSTS_TEST_SCREEN ("1600x1000": the 2× run's laptop screen).
    static QSize screenSize();
    QString dir() const { return m_dir.path(); }

private:
    bool startTrayer(QString *error);

    QTemporaryDir m_dir;
    QProcess m_xvfb;
    QProcess m_trayer;
    QString m_display;
};
