#include "tests/kube/keyringfixture.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QTest>

KeyringFixture::~KeyringFixture()
{
    stop();
}

bool KeyringFixture::start(QString *error)
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") ||
        !QDBusConnection::sessionBus().isConnected()) {
        *error = QStringLiteral("no session bus: run this test under dbus-run-session");
        return false;
    }
    if (QDBusConnection::sessionBus().interface()->isServiceRegistered(
            QStringLiteral("org.freedesktop.secrets"))) {
        *error = QStringLiteral("a Secret Service already runs on this bus; refusing to use it");
        return false;
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home.path());
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
    m_daemon.setProcessEnvironment(env);
    m_daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_daemon.start(QStringLiteral("gnome-keyring-daemon"),
                   {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                    QStringLiteral("--components=secrets")});
    // --unlock reads the new login keyring's password from stdin.
    m_daemon.write("test-only-keyring-password");
    m_daemon.closeWriteChannel();
    const bool up = QTest::qWaitFor(
        [] {
            return QDBusConnection::sessionBus().interface()->isServiceRegistered(
                QStringLiteral("org.freedesktop.secrets"));
        },
        20000);
    if (!up)
        *error = QStringLiteral("gnome-keyring-daemon did not appear on the bus (state %1)")
                     .arg(int(m_daemon.state()));
    return up;
}

void KeyringFixture::stop()
{
    if (m_daemon.state() == QProcess::NotRunning)
        return;
    m_daemon.terminate(); // our child, by PID
    if (!QTest::qWaitFor([this] { return m_daemon.state() == QProcess::NotRunning; }, 10000))
        m_daemon.kill();
    if (!QTest::qWaitFor([this] { return m_daemon.state() == QProcess::NotRunning; }, 10000))
        qWarning("gnome-keyring-daemon (pid %lld) did not stop", m_daemon.processId());
}
