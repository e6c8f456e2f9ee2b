#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// A real Secret Service for tests: gnome-keyring-daemon, started in the foreground on the
// test's private session bus (the test runs under dbus-run-session), with its keyrings in a
// temporary folder, unlocked with a throwaway password, and stopped by its PID at the end.
class KeyringFixture
{
public:
    ~KeyringFixture();
    bool start(QString *error);
    void stop();

private:
    QTemporaryDir m_home;
    QProcess m_daemon;
};
