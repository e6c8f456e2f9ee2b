// The hosts file as a publisher: what its block holds is read from the file itself, so a
// restart adopts it without a call to whoever writes it (the helper: no password prompt);
// the sink's reports become per-entry results; which way a file can be written is decided
// once (HostsFileAccess).
#include "core/mapping/syncscheduler.h"
#include "core/sink/directsink.h"
#include "core/sink/hostsfileaccess.h"
#include "core/sink/hostsfilepublisher.h"
#ifdef K8S_HOSTS_HELPER_DBUS
#include "core/sink/helpersink.h"
#endif

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {

const QByteArray written = "127.0.0.1 localhost\n#### BEGIN K8S-HOSTS ####\n"
                           "10.0.0.1 web.local  # a/ns/Ingress/web\n#### END K8S-HOSTS ####\n";

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

} // namespace

class TestHostsFilePublisher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheBlockFromTheFile();
    void publishReportsPerEntry();
    void permanentFailuresAreMarked();
    void accessIsDecidedOnce();
#ifdef K8S_HOSTS_HELPER_DBUS
    void adoptingNeedsNoHelperCall();
#endif
};

void TestHostsFilePublisher::readsTheBlockFromTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"hosts"_qs);
    writeFile(path, written);
    HostsFilePublisher publisher(
        new DirectSink(path, EntryValidator(NamePolicy(), ReservedNames())), path, u"K8S-HOSTS"_qs);
    QString error;
    const auto held = publisher.readHeld(&error);
    QVERIFY2(held, qPrintable(error));
    QCOMPARE(*held, (HostEntries{{u"10.0.0.1"_qs, u"web.local"_qs, u"a/ns/Ingress/web"_qs}}));
    QCOMPARE(publisher.target(), path + u" (block K8S-HOSTS)"_qs);

    writeFile(path, "#### BEGIN K8S-HOSTS ####\n10.0.0.1 x.local\n"); // never closed
    QVERIFY(!publisher.readHeld(&error));
    QVERIFY(error.contains(u"never closed"_qs));
}

void TestHostsFilePublisher::publishReportsPerEntry()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"hosts"_qs);
    writeFile(path, "127.0.0.1 localhost\n");
    HostsFilePublisher publisher(
        new DirectSink(path, EntryValidator(NamePolicy(), ReservedNames())), path, u"K8S-HOSTS"_qs);
    QSignalSpy finished(&publisher, &Publisher::finished);
    publisher.publish(
        {{u"10.0.0.1"_qs, u"web.local"_qs, {}}, {u"8.8.8.8"_qs, u"dns.local"_qs, {}}});
    QVERIFY(finished.wait(5000));
    const auto result = finished.first().first().value<PublishResult>();
    QVERIFY(result.ok());
    QCOMPARE(*result.held, (HostEntries{{u"10.0.0.1"_qs, u"web.local"_qs, {}}}));
    QCOMPARE(result.refused.size(), 1);
    QCOMPARE(result.refused.first().entry.host, u"dns.local"_qs);
    QVERIFY(!result.refused.first().reason.isEmpty());
}

void TestHostsFilePublisher::permanentFailuresAreMarked()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"hosts"_qs);
    writeFile(path, "#### BEGIN K8S-HOSTS ####\n"); // a damaged block waits for a person
    HostsFilePublisher publisher(
        new DirectSink(path, EntryValidator(NamePolicy(), ReservedNames())), path, u"K8S-HOSTS"_qs);
    QSignalSpy finished(&publisher, &Publisher::finished);
    publisher.publish({{u"10.0.0.1"_qs, u"web.local"_qs, {}}});
    QVERIFY(finished.wait(5000));
    auto result = finished.takeFirst().first().value<PublishResult>();
    QVERIFY(!result.ok() && result.permanent);
    QVERIFY(!result.held); // unknown, so unchanged

    QFile::remove(path);
    QVERIFY(QDir().mkdir(path));
    publisher.publish({{u"10.0.0.1"_qs, u"web.local"_qs, {}}});
    QVERIFY(finished.wait(5000));
    result = finished.takeFirst().first().value<PublishResult>();
    QVERIFY(!result.ok() && result.permanent);
    QVERIFY2(result.error.contains(u"is a directory"_qs), qPrintable(result.error));
}

void TestHostsFilePublisher::accessIsDecidedOnce()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"hosts"_qs);
    writeFile(file, "127.0.0.1 localhost\n");
    QCOMPARE(HostsFileAccess::of(file).way, HostsFileAccess::Way::Direct);
    QCOMPARE(HostsFileAccess::of(dir.filePath(u"new-hosts"_qs)).way,
             HostsFileAccess::Way::Direct); // created on the first write
    const HostsFileAccess missingDir = HostsFileAccess::of(dir.filePath(u"no/such/hosts"_qs));
    QCOMPARE(missingDir.way, HostsFileAccess::Way::Impossible);
    QVERIFY2(missingDir.problem.contains(u"does not exist"_qs), qPrintable(missingDir.problem));
    const HostsFileAccess directory = HostsFileAccess::of(dir.path());
    QCOMPARE(directory.way, HostsFileAccess::Way::Impossible);
    QVERIFY(directory.problem.contains(u"is a directory"_qs));
    QVERIFY(HostsFileAccess::isSystemHostsFile(u"/etc/hosts"_qs));
    QVERIFY(!HostsFileAccess::isSystemHostsFile(file));
    if (::geteuid() != 0)
        QCOMPARE(HostsFileAccess::of(u"/etc/hosts"_qs).way, HostsFileAccess::Way::Helper);
}

#ifdef K8S_HOSTS_HELPER_DBUS
// The file already holds what is wanted: the scheduler adopts it and no write is asked for
// — through the helper that means no D-Bus call, so no password prompt at a restart.
void TestHostsFilePublisher::adoptingNeedsNoHelperCall()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"hosts"_qs);
    writeFile(path, written);
    const QDBusConnection noBus =
        QDBusConnection::connectToBus(u"unix:path=/nonexistent"_qs, u"no-bus"_qs);
    HostsFilePublisher publisher(new HelperSink(noBus), path, u"K8S-HOSTS"_qs);
    QSignalSpy calls(&publisher, &Publisher::finished); // any call fails on this bus
    SyncScheduler scheduler;
    connect(&scheduler, &SyncScheduler::writeRequested, &publisher, &Publisher::publish);
    QString error;
    scheduler.adopt(*publisher.readHeld(&error));
    scheduler.setDesired({{u"10.0.0.1"_qs, u"web.local"_qs, u"a/ns/Ingress/web"_qs}});
    QTest::qWait(200);
    QCOMPARE(calls.size(), 0);
    QCOMPARE(scheduler.writeCount(), 0);
    // A change does call it (and fails here, with the sentence).
    scheduler.setDesired({{u"10.0.0.2"_qs, u"web.local"_qs, u"a/ns/Ingress/web"_qs}});
    QVERIFY(calls.wait(5000));
    QVERIFY(calls.first().first().value<PublishResult>().error.contains(u"D-Bus"_qs));
}
#endif

QTEST_GUILESS_MAIN(TestHostsFilePublisher)
#include "tst_hostsfilepublisher.moc"
