// Registering the local responder with the system resolver, with real components: the helper
// and polkitd on a private system bus, callers as unprivileged users (the app's own
// ResolverRegistration among them), a real dnsmasq reading the helper's drop-in, and the
// responder answering behind it. systemd and NetworkManager are stand-ins on the bus that
// record what the helper asks of them (the systemd one restarts the test's dnsmasq, as
// `systemctl try-restart dnsmasq` would); so does one for systemd-resolved, and a real
// systemd-resolved (unpacked by scripts/install-deps) then routes through the helper's link.
#include "core/resolver/localresponder.h"
#include "helper/resolvedlink.h"
#include "tests/helper/helperfixture.h"
#include "tests/support/freeport.h"

#include <QDBusConnectionInterface>
#include <QDBusObjectPath>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QUdpSocket>

#include <csignal>
#include <memory>
#include <unistd.h>

namespace {

using namespace Qt::Literals::StringLiterals;

} // namespace

// org.freedesktop.systemd1 as far as the helper uses it.
class StandInSystemd : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.systemd1.Manager")

public:
    std::function<void()> restart;
    QStringList calls;

public Q_SLOTS:
    QDBusObjectPath TryRestartUnit(const QString &unit, const QString &mode)
    {
        calls.append(unit + u' ' + mode);
        if (unit == u"dnsmasq.service" && restart)
            restart();
        return QDBusObjectPath(u"/org/freedesktop/systemd1/job/1"_s);
    }
};

// org.freedesktop.resolve1's per-link settings, as the helper sets them.
class StandInResolved : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.resolve1.Manager")

public:
    int dnsLink = 0;
    QList<ResolvedServer> servers;
    int domainsLink = 0;
    QList<ResolvedDomain> domains;
    int defaultRouteLink = 0;
    bool defaultRoute = true;

public Q_SLOTS:
    void SetLinkDNSEx(int ifindex, const QList<ResolvedServer> &list)
    {
        dnsLink = ifindex;
        servers = list;
    }
    void SetLinkDomains(int ifindex, const QList<ResolvedDomain> &list)
    {
        domainsLink = ifindex;
        domains = list;
    }
    void SetLinkDefaultRoute(int ifindex, bool on)
    {
        defaultRouteLink = ifindex;
        defaultRoute = on;
    }
    void FlushCaches() {}
};

// org.freedesktop.NetworkManager's Reload.
class StandInNetworkManager : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.NetworkManager")

public:
    QList<uint> reloads;

public Q_SLOTS:
    void Reload(uint flags) { reloads.append(flags); }
};

class TestResolverRegistration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void dnsmasqAsksTheResponderWhileTheCallerStays();
    void refusedRequestsWriteNothing();
    void aFileItDidNotWriteIsLeftAlone();
    void networkManagersDnsmasqIsRestartedThroughIt();
    void resolvConfAloneIsExplained();
    void aMissingHelperIsExplained();
    void anOrphanIsRemovedAtStart();
    void systemdResolvedRoutesThroughALinkOfTheHelpers();
    void aRealSystemdResolvedAsksTheResponder();

private:
    // Runs a shell command in the helper's network namespace; its standard output.
    QString inHelperNetwork(const QString &command);
    void writeRoot(const QString &path, const QByteArray &content);
    QString dropIn(const QString &dir = u"etc/dnsmasq.d"_s) const;
    bool startDnsmasq();
    void stopDnsmasq();
    QString dig(const QString &name);
    QJsonObject registration(const QString &domain) const;

    std::unique_ptr<HelperFixture> m_fixture;
    StandInSystemd m_systemd;
    StandInNetworkManager m_networkManager;
    StandInResolved m_resolved;
    LocalResponder m_responder;
    quint16 m_responderPort = 0;
    quint16 m_dnsmasqPort = 0;
    std::unique_ptr<QProcess> m_dnsmasq;
};

void TestResolverRegistration::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("The helper tests start a system bus, polkitd, a root service and dnsmasq: run "
              "them as root (CI does).");
    m_fixture = std::make_unique<HelperFixture>();
    QString error;
    QVERIFY2(m_fixture->start(&error), qPrintable(error));
    QDBusConnection bus = m_fixture->bus();
    QVERIFY(bus.registerObject(u"/org/freedesktop/systemd1"_s, &m_systemd,
                               QDBusConnection::ExportAllSlots));
    QVERIFY2(bus.registerService(u"org.freedesktop.systemd1"_s),
             qPrintable(bus.lastError().message()));
    QVERIFY(bus.registerObject(u"/org/freedesktop/NetworkManager"_s, &m_networkManager,
                               QDBusConnection::ExportAllSlots));
    QVERIFY2(bus.registerService(u"org.freedesktop.NetworkManager"_s),
             qPrintable(bus.lastError().message()));
    ResolvedLink::registerTypes();
    QVERIFY(bus.registerObject(u"/org/freedesktop/resolve1"_s, &m_resolved,
                               QDBusConnection::ExportAllSlots));
    QVERIFY2(bus.registerService(u"org.freedesktop.resolve1"_s),
             qPrintable(bus.lastError().message()));
    m_systemd.restart = [this] {
        stopDnsmasq();
        startDnsmasq();
    };

    m_responderPort = freeLocalPort();
    m_dnsmasqPort = freeLocalPort();
    QVERIFY(m_responderPort != 0 && m_dnsmasqPort != 0 && m_responderPort != m_dnsmasqPort);
    QVERIFY2(m_responder.listen({{QHostAddress::LocalHost, m_responderPort}}, &error),
             qPrintable(error));
    m_responder.setZone(ResolverZone({u"apps.test"_s}, {{u"10.9.8.7"_s, u"*.apps.test"_s, {}}}));
}

void TestResolverRegistration::init()
{
    QDir(m_fixture->resolverRoot()).removeRecursively();
    writeRoot(u"etc/resolv.conf"_s, "nameserver 127.0.0.1\n");
    QVERIFY(QDir(m_fixture->resolverRoot()).mkpath(u"etc/dnsmasq.d"_s));
    m_systemd.calls.clear();
    m_networkManager.reloads.clear();
}

void TestResolverRegistration::cleanup()
{
    stopDnsmasq();
}

void TestResolverRegistration::cleanupTestCase()
{
    stopDnsmasq();
    if (m_fixture)
        m_fixture->stop();
}

void TestResolverRegistration::writeRoot(const QString &path, const QByteArray &content)
{
    const QString full = m_fixture->resolverRoot() + u'/' + path;
    QDir().mkpath(QFileInfo(full).absolutePath());
    QFile file(full);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

QString TestResolverRegistration::dropIn(const QString &dir) const
{
    return m_fixture->resolverRoot() + u'/' + dir + u"/k8s-hosts-apps.test.conf"_s;
}

bool TestResolverRegistration::startDnsmasq()
{
    m_dnsmasq = std::make_unique<QProcess>();
    m_dnsmasq->setProcessChannelMode(QProcess::MergedChannels);
    m_dnsmasq->start(u"dnsmasq"_s,
                     {u"--keep-in-foreground"_s, u"--conf-file=/dev/null"_s,
                      u"--conf-dir=%1/etc/dnsmasq.d,*.conf"_s.arg(m_fixture->resolverRoot()),
                      u"--no-resolv"_s, u"--no-hosts"_s, u"--bind-interfaces"_s,
                      u"--listen-address=127.0.0.1"_s, u"--port=%1"_s.arg(m_dnsmasqPort),
                      u"--pid-file="_s, u"--user=root"_s, u"--cache-size=0"_s,
                      u"--log-facility=-"_s});
    return m_dnsmasq->waitForStarted(5000);
}

void TestResolverRegistration::stopDnsmasq()
{
    if (!m_dnsmasq || m_dnsmasq->state() == QProcess::NotRunning)
        return;
    ::kill(static_cast<pid_t>(m_dnsmasq->processId()), SIGTERM);
    m_dnsmasq->waitForFinished(5000);
}

// dig through dnsmasq; the event loop runs meanwhile, so the responder here answers.
QString TestResolverRegistration::dig(const QString &name)
{
    QProcess process;
    QSignalSpy done(&process, &QProcess::finished);
    process.start(u"dig"_s, {u"@127.0.0.1"_s, u"-p"_s, QString::number(m_dnsmasqPort), u"+short"_s,
                             u"+tries=1"_s, u"+time=2"_s, name, u"A"_s});
    if (!done.wait(15000))
        return u"(dig did not finish)"_s;
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

QJsonObject TestResolverRegistration::registration(const QString &domain) const
{
    return {{u"method"_s, u"registration"_s},
            {u"domains"_s, QJsonArray{domain}},
            {u"address"_s, u"127.0.0.1"_s},
            {u"port"_s, m_responderPort}};
}

void TestResolverRegistration::dnsmasqAsksTheResponderWhileTheCallerStays()
{
    QVERIFY(startDnsmasq());
    QTest::qWait(200);
    QCOMPARE(dig(u"web.apps.test"_s), QString()); // dnsmasq knows no server for it yet

    QJsonObject answer;
    auto caller = m_fixture->startStaying(HelperFixture::userAccount(),
                                          registration(u"apps.test"_s), &answer);
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"notice").toString()));
    QCOMPARE(answer.value(u"registered").toArray().at(0).toString(),
             u"apps.test (dnsmasq: %1)"_s.arg(dropIn()));
    QFile file(dropIn());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().endsWith("server=/apps.test/127.0.0.1#" +
                                    QByteArray::number(m_responderPort) + "\n"));
    QCOMPARE(m_systemd.calls, QStringList{u"dnsmasq.service replace"_s});
    QTest::qWait(200); // the restarted dnsmasq binds its port
    QCOMPARE(dig(u"web.apps.test"_s), u"10.9.8.7"_s);
    QCOMPARE(dig(u"a.b.apps.test"_s), u"10.9.8.7"_s);
    QVERIFY(m_fixture->helperLogged(
        u"resolver-domain=apps.test responder=127.0.0.1#%1"_s.arg(m_responderPort)));

    // The caller dies without a word: the helper removes the drop-in and restarts dnsmasq.
    QVERIFY(m_fixture->killAndSettle(caller.get(), answer.value(u"uniqueName").toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(dropIn()), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_systemd.calls.size(), 2, 10000);
    QVERIFY(m_fixture->helperLogged(u"resolver-domain=apps.test removed=%1 "
                                    "cause=caller-disconnected"_s.arg(dropIn())));
}

void TestResolverRegistration::refusedRequestsWriteNothing()
{
    const auto call = [this](const QString &account, const QString &domain,
                             const QString &address) {
        return m_fixture->call(account, {{u"method"_s, u"RegisterResolver"_s},
                                         {u"domain"_s, domain},
                                         {u"address"_s, address},
                                         {u"port"_s, 15353}});
    };
    QJsonObject answer = call(HelperFixture::userAccount(), u"co.uk"_s, u"127.0.0.1"_s);
    QCOMPARE(answer.value(u"error").toString(), u"io.github.k8shosts.Error.InvalidArgument"_s);
    QVERIFY(answer.value(u"message").toString().contains(u"public suffix"_s));
    answer = call(HelperFixture::userAccount(), u"apps.test"_s, u"192.0.2.1"_s);
    QCOMPARE(answer.value(u"error").toString(), u"io.github.k8shosts.Error.InvalidArgument"_s);
    answer = call(HelperFixture::userAccount(), u"apps.local"_s, u"127.0.0.1"_s);
    QCOMPARE(answer.value(u"error").toString(), u"io.github.k8shosts.Error.InvalidArgument"_s);
    // No polkit rule for this account: polkit says no, and nothing is written.
    answer = call(HelperFixture::otherAccount(), u"apps.test"_s, u"127.0.0.1"_s);
    QCOMPARE(answer.value(u"error").toString(), u"io.github.k8shosts.Error.NotAuthorized"_s);
    QVERIFY(QDir(m_fixture->resolverRoot() + u"/etc/dnsmasq.d"_s).isEmpty());
    QVERIFY(m_systemd.calls.isEmpty());
}

void TestResolverRegistration::aFileItDidNotWriteIsLeftAlone()
{
    const QByteArray theirs = "server=/apps.test/10.0.0.53\n";
    writeRoot(u"etc/dnsmasq.d/k8s-hosts-apps.test.conf"_s, theirs);
    const QJsonObject answer =
        m_fixture->call(HelperFixture::userAccount(), registration(u"apps.test"_s));
    QVERIFY(!answer.value(u"ok").toBool());
    QVERIFY2(answer.value(u"notice").toString().contains(u"k8s-hosts did not write it"_s),
             qPrintable(answer.value(u"notice").toString()));
    QFile file(dropIn());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), theirs);
    QVERIFY(m_systemd.calls.isEmpty());
}

void TestResolverRegistration::networkManagersDnsmasqIsRestartedThroughIt()
{
    writeRoot(u"etc/resolv.conf"_s, "nameserver 127.0.1.1\n");
    writeRoot(u"etc/NetworkManager/NetworkManager.conf"_s, "[main]\ndns=dnsmasq\n");
    QJsonObject answer;
    auto caller = m_fixture->startStaying(HelperFixture::userAccount(),
                                          registration(u"apps.test"_s), &answer);
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"notice").toString()));
    const QString path = dropIn(u"etc/NetworkManager/dnsmasq.d"_s);
    QVERIFY(answer.value(u"registered").toArray().at(0).toString().contains(path));
    QVERIFY(QFile::exists(path));
    QCOMPARE(m_networkManager.reloads, QList<uint>{4u}); // restart the DNS plugin
    QVERIFY(m_fixture->killAndSettle(caller.get(), answer.value(u"uniqueName").toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(path), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_networkManager.reloads.size(), 2, 10000);
}

void TestResolverRegistration::resolvConfAloneIsExplained()
{
    writeRoot(u"etc/resolv.conf"_s, "nameserver 192.0.2.1\n");
    QDir(m_fixture->resolverRoot() + u"/etc/dnsmasq.d"_s).removeRecursively();
    const QJsonObject answer =
        m_fixture->call(HelperFixture::userAccount(), registration(u"apps.test"_s));
    QVERIFY(!answer.value(u"ok").toBool());
    const QString notice = answer.value(u"notice").toString();
    QVERIFY2(notice.startsWith(u"not registered with the system"_s), qPrintable(notice));
    QVERIFY2(notice.contains(u"apps.test: the system resolver is /etc/resolv.conf alone"_s),
             qPrintable(notice));
}

void TestResolverRegistration::aMissingHelperIsExplained()
{
    m_fixture->stopHelper(); // and nothing on this bus can start it
    const QJsonObject answer =
        m_fixture->call(HelperFixture::userAccount(), registration(u"apps.test"_s));
    QString error;
    QVERIFY2(m_fixture->startHelper(&error), qPrintable(error));
    QVERIFY(!answer.value(u"ok").toBool());
    QVERIFY2(answer.value(u"notice").toString().contains(u"helper is not installed"_s),
             qPrintable(answer.value(u"notice").toString()));
}

void TestResolverRegistration::anOrphanIsRemovedAtStart()
{
    QJsonObject answer;
    auto caller = m_fixture->startStaying(HelperFixture::userAccount(),
                                          registration(u"apps.test"_s), &answer);
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"notice").toString()));
    QVERIFY(QFile::exists(dropIn()));
    m_fixture->stopHelper();
    caller->kill();
    caller->waitForFinished(5000);
    QVERIFY(QFile::exists(dropIn())); // nobody was there to see it go
    QString error;
    QVERIFY2(m_fixture->startHelper(&error), qPrintable(error));
    QTRY_VERIFY2_WITH_TIMEOUT(!QFile::exists(dropIn()), qPrintable(m_fixture->helperLog()), 10000);
    QVERIFY(m_fixture->helperLogged(u"cause=caller-gone-at-start"_s));
}

QString TestResolverRegistration::inHelperNetwork(const QString &command)
{
    QProcess process;
    QSignalSpy done(&process, &QProcess::finished);
    process.start(u"nsenter"_s, {u"-t"_s, QString::number(m_fixture->helperProcess()->processId()),
                                 u"-n"_s, u"sh"_s, u"-c"_s, command});
    if (!done.wait(15000))
        return u"(did not finish)"_s;
    return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
}

void TestResolverRegistration::systemdResolvedRoutesThroughALinkOfTheHelpers()
{
    writeRoot(u"etc/resolv.conf"_s, "nameserver 127.0.0.53\noptions edns0 trust-ad\n");
    // The helper's link must not touch this machine: it runs in a network namespace of its own.
    m_fixture->stopHelper();
    m_fixture->helperInOwnNetwork = true;
    QString error;
    QVERIFY2(m_fixture->startHelper(&error), qPrintable(error));
    const auto restore = qScopeGuard([this] {
        m_fixture->stopHelper();
        m_fixture->helperInOwnNetwork = false;
        QString e;
        m_fixture->startHelper(&e);
    });

    QJsonObject answer;
    auto caller = m_fixture->startStaying(HelperFixture::userAccount(),
                                          registration(u"apps.test"_s), &answer);
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"notice").toString()));
    QCOMPARE(answer.value(u"listen").toString(), u"192.0.0.8"_s); // the app answers there too
    QVERIFY(answer.value(u"registered").toArray().at(0).toString().contains(u"systemd-resolved"_s));

    // resolved was told: the link's server is its own address on the responder's port, the
    // domain only routes, and the link is no default route.
    QVERIFY(m_resolved.dnsLink > 0);
    QCOMPARE(m_resolved.servers.size(), 1);
    QCOMPARE(m_resolved.servers.first().family, 2); // AF_INET
    QCOMPARE(m_resolved.servers.first().address, QByteArray("\xc0\x00\x00\x08", 4));
    QCOMPARE(m_resolved.servers.first().port, m_responderPort);
    QCOMPARE(m_resolved.domainsLink, m_resolved.dnsLink);
    QCOMPARE(m_resolved.domains.size(), 1);
    QCOMPARE(m_resolved.domains.first().domain, u"apps.test"_s);
    QVERIFY(m_resolved.domains.first().routeOnly);
    QCOMPARE(m_resolved.defaultRouteLink, m_resolved.dnsLink);
    QVERIFY(!m_resolved.defaultRoute);

    // The link is there, up with its carrier, and a query sent out of it (as resolved sends
    // them: IP_UNICAST_IF) to its address reaches a listener on that address.
    const QString link = inHelperNetwork(u"ip -o link show"_s);
    QVERIFY2(link.contains(u"%1: k8shosts0: "_s.arg(m_resolved.dnsLink)) &&
                 link.contains(u"UP,LOWER_UP"_s),
             qPrintable(link));
    const QString probe = inHelperNetwork(
        u"ip link set lo up && python3 -c \"import socket,struct\n"
        "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(('192.0.0.8',%1));s.settimeout(3)"
        "\n"
        "c=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
        "c.setsockopt(socket.IPPROTO_IP,50,struct.pack('!I',%2))\n"
        "c.sendto(b'q',('192.0.0.8',%1));print('reached',s.recv(4))\""_s.arg(m_responderPort)
            .arg(m_resolved.dnsLink));
    QVERIFY2(probe.contains(u"reached b'q'"_s), qPrintable(probe));

    // Every domain on the link goes to one responder: another port is refused, whole.
    const QJsonObject other =
        m_fixture->call(HelperFixture::userAccount(), {{u"method"_s, u"RegisterResolver"_s},
                                                       {u"domain"_s, u"dev.test"_s},
                                                       {u"address"_s, u"127.0.0.1"_s},
                                                       {u"port"_s, m_responderPort + 1}});
    QVERIFY2(other.value(u"message").toString().contains(u"goes to port"_s),
             qPrintable(other.value(u"message").toString()));
    QCOMPARE(m_resolved.domains.size(), 1);

    // The caller dies: the link goes, and resolved forgets it with it.
    QVERIFY(m_fixture->killAndSettle(caller.get(), answer.value(u"uniqueName").toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!inHelperNetwork(u"ip -o link show"_s).contains(u"k8shosts"_s), 10000);
}

// The real systemd-resolved, in the helper's network namespace and on the private bus, with
// /run of its own: the helper registers apps.test as it would on Ubuntu, and both resolved's
// stub (dig @127.0.0.53) and glibc (getent, resolv.conf naming the stub) reach the responder
// on the helper's link. dnsmasq stands in for the responder there (answering apps.test).
void TestResolverRegistration::aRealSystemdResolvedAsksTheResponder()
{
    const QString resolved =
        qEnvironmentVariable("K8S_HOSTS_TEST_RESOLVED",
                             u"/usr/local/lib/k8s-hosts-tests/systemd-resolved/systemd-resolved"_s);
    if (!QFileInfo(resolved).isExecutable())
        QSKIP("no systemd-resolved unpacked at K8S_HOSTS_TEST_RESOLVED (scripts/install-deps "
              "unpacks one)");
    QString error;
    QVERIFY2(m_fixture->ensureResolvedAccount(&error), qPrintable(error));
    writeRoot(u"etc/resolv.conf"_s, "nameserver 127.0.0.53\noptions edns0 trust-ad\n");
    QDBusConnection bus = m_fixture->bus();
    QVERIFY(bus.unregisterService(u"org.freedesktop.resolve1"_s)); // the real one takes it
    m_fixture->stopHelper();
    m_fixture->helperInOwnNetwork = true;
    QVERIFY2(m_fixture->startHelper(&error), qPrintable(error));
    std::unique_ptr<QProcess> daemon;
    std::unique_ptr<QProcess> responder;
    const auto restore = qScopeGuard([&] {
        for (auto *process : {daemon.get(), responder.get()}) {
            if (process) {
                process->terminate();
                process->waitForFinished(5000);
            }
        }
        m_fixture->stopHelper();
        m_fixture->helperInOwnNetwork = false;
        QString e;
        m_fixture->startHelper(&e);
        m_fixture->bus().registerService(u"org.freedesktop.resolve1"_s);
    });
    const QString helperPid = QString::number(m_fixture->helperProcess()->processId());
    inHelperNetwork(u"ip link set lo up"_s); // resolved's stub listens on 127.0.0.53

    daemon = std::make_unique<QProcess>();
    daemon->setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"DBUS_SYSTEM_BUS_ADDRESS"_s, m_fixture->busAddress());
    daemon->setProcessEnvironment(env);
    daemon->start(u"nsenter"_s,
                  {u"-t"_s, helperPid, u"-n"_s, u"unshare"_s, u"-m"_s, u"sh"_s, u"-c"_s,
                   u"mount -t tmpfs none /run && mkdir /run/systemd && exec \"$0\""_s, resolved});
    QTRY_VERIFY2_WITH_TIMEOUT(
        bus.interface()->isServiceRegistered(u"org.freedesktop.resolve1"_s).value() ||
            daemon->state() == QProcess::NotRunning,
        "systemd-resolved did not take its name", 10000);
    QVERIFY2(daemon->state() == QProcess::Running, daemon->readAll().constData());

    QJsonObject answer;
    auto caller = m_fixture->startStaying(HelperFixture::userAccount(),
                                          registration(u"apps.test"_s), &answer);
    QVERIFY2(answer.value(u"ok").toBool(), qPrintable(answer.value(u"notice").toString()));
    QCOMPARE(answer.value(u"listen").toString(), u"192.0.0.8"_s);

    responder = std::make_unique<QProcess>();
    responder->setProcessChannelMode(QProcess::MergedChannels);
    responder->start(u"nsenter"_s,
                     {u"-t"_s, helperPid, u"-n"_s, u"dnsmasq"_s, u"--no-daemon"_s,
                      u"--listen-address=192.0.0.8"_s, u"--bind-interfaces"_s,
                      u"--port=%1"_s.arg(m_responderPort), u"--address=/apps.test/10.9.8.7"_s,
                      u"--no-resolv"_s, u"--no-hosts"_s, u"--user=root"_s});
    QVERIFY(responder->waitForStarted(5000));

    const QString dig = u"dig @127.0.0.53 +short +time=2 +tries=2 deep.preview.apps.test"_s;
    QTRY_COMPARE_WITH_TIMEOUT(inHelperNetwork(dig).trimmed(), u"10.9.8.7"_s, 15000);
    const QString stub = m_fixture->resolverRoot() + u"/stub-resolv.conf"_s;
    writeRoot(u"stub-resolv.conf"_s, "nameserver 127.0.0.53\n");
    const QString glibc = inHelperNetwork(
        u"unshare -m sh -c 'mount --bind %1 /etc/resolv.conf && getent hosts www.apps.test'"_s.arg(
            stub));
    QVERIFY2(glibc.startsWith(u"10.9.8.7 "_s), qPrintable(glibc));
    // Other names are not ours: resolved does not send them to the responder's link.
    QVERIFY(!inHelperNetwork(u"dig @127.0.0.53 +short +time=1 +tries=1 example.org"_s)
                 .contains(u"10.9.8.7"_s));

    // The caller dies: the helper's link goes, and resolved stops sending apps.test there.
    QVERIFY(m_fixture->killAndSettle(caller.get(), answer.value(u"uniqueName").toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!inHelperNetwork(dig).contains(u"10.9.8.7"_s), 15000);
}

QTEST_GUILESS_MAIN(TestResolverRegistration)
#include "tst_resolverregistration.moc"
