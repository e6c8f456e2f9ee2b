// SingleInstance: the first start owns the socket, a second start asks it to show its
// window and is told to quit, a socket left by a crashed instance does not block a start.
#include "app/tray/singleinstance.h"

#include <QLocalServer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

class TestSingleInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondStartActivatesTheFirst()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"k8s-hosts.socket"_qs);
        SingleInstance first(path);
        QSignalSpy firstPrimary(&first, &SingleInstance::primary);
        QSignalSpy activations(&first, &SingleInstance::activationRequested);
        first.start();
        QVERIFY(firstPrimary.isEmpty()); // answered from the event loop, never inside start()
        QVERIFY(firstPrimary.wait(5000));

        SingleInstance second(path);
        QSignalSpy secondPrimary(&second, &SingleInstance::primary);
        QSignalSpy secondSecondary(&second, &SingleInstance::secondary);
        second.start();
        QVERIFY(secondSecondary.wait(5000));
        QVERIFY(secondPrimary.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(activations.size(), 1, 5000);

        // And again: every later start shows the window once.
        SingleInstance third(path);
        QSignalSpy thirdSecondary(&third, &SingleInstance::secondary);
        third.start();
        QVERIFY(thirdSecondary.wait(5000));
        QTRY_COMPARE_WITH_TIMEOUT(activations.size(), 2, 5000);
    }

    void aStaleSocketFileDoesNotBlock()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"k8s-hosts.socket"_qs);
        // A socket file nobody listens on, as a killed instance leaves it.
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray native = QFile::encodeName(path);
        qstrncpy(address.sun_path, native.constData(), sizeof(address.sun_path));
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
        ::close(fd);
        QVERIFY(QFile::exists(path));

        SingleInstance instance(path);
        QSignalSpy primary(&instance, &SingleInstance::primary);
        instance.start();
        QVERIFY(primary.wait(5000));
        SingleInstance second(path);
        QSignalSpy secondary(&second, &SingleInstance::secondary);
        second.start();
        QVERIFY(secondary.wait(5000));
    }

    void theSocketIsTheUsersOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"k8s-hosts.socket"_qs);
        SingleInstance instance(path);
        QSignalSpy primary(&instance, &SingleInstance::primary);
        instance.start();
        QVERIFY(primary.wait(5000));
        const QFile::Permissions p = QFileInfo(path).permissions();
        QVERIFY(p & QFile::WriteOwner);
        QVERIFY(!(p & (QFile::WriteGroup | QFile::WriteOther)));
        QVERIFY(SingleInstance::defaultSocketPath().endsWith(u"/k8s-hosts.socket"_qs));
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
