// ResolverRegistration's rules, the same on Linux (D-Bus) and macOS (XPC): against a
// registrar in memory that holds each call until the test answers it.
#include "core/sink/resolverregistration.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

class FakeRegistrar : public ResolverRegistrar
{
public:
    struct Call
    {
        bool registering;
        QString domain;
        QString address;
        quint16 port;
        Reply reply;
    };

    QString unreachable() const override { return why; }
    void registerDomain(const QString &domain, const QString &address, quint16 port,
                        Reply reply) override
    {
        calls.append({true, domain, address, port, std::move(reply)});
    }
    void unregisterDomain(const QString &domain, Reply reply) override
    {
        calls.append({false, domain, {}, 0, std::move(reply)});
    }

    // Answers the oldest call still waiting; returns what it was about ("+a.test", "-a.test").
    QString answer(const Answer &answer = {})
    {
        const Call call = calls.at(answered++);
        call.reply(answer);
        return (call.registering ? u"+"_s : u"-"_s) + call.domain;
    }
    int waiting() const { return int(calls.size()) - answered; }
    void loseLeases() { Q_EMIT leasesLost(); }

    QList<Call> calls;
    int answered = 0;
    QString why; // non-empty: unreachable
};

} // namespace

class TestRegistrationRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void registersEachDomainOneCallAtATime();
    void unregistersADomainNoLongerServed();
    void aDomainDroppedDuringItsCallIsUnregisteredAfter();
    void aFailureIsTheNoticeUntilRetry();
    void anUnreachableHelperIsSaidAtOnce();
    void lostLeasesAreRegisteredAgain();
    void theHelpersListenAddressIsPassedOn();

private:
    FakeRegistrar *m_registrar = nullptr;
    ResolverRegistration *m_registration = nullptr;
};

void TestRegistrationRules::init()
{
    auto registrar = std::make_unique<FakeRegistrar>();
    m_registrar = registrar.get();
    m_registration = new ResolverRegistration(std::move(registrar), u"127.0.0.1"_s, 15353);
}

void TestRegistrationRules::cleanup()
{
    delete m_registration;
}

void TestRegistrationRules::registersEachDomainOneCallAtATime()
{
    m_registration->setDomains({u"b.test"_s, u"a.test"_s});
    QCOMPARE(m_registrar->waiting(), 1); // the next waits for this answer
    QCOMPARE(m_registrar->calls.first().address, u"127.0.0.1"_s);
    QCOMPARE(m_registrar->calls.first().port, quint16(15353));
    QCOMPARE(m_registrar->answer({{}, u"dnsmasq: a"_s, {}}), u"+a.test"_s); // in name order
    QCOMPARE(m_registrar->waiting(), 1);
    QCOMPARE(m_registrar->answer({{}, u"dnsmasq: b"_s, {}}), u"+b.test"_s);
    QCOMPARE(m_registrar->waiting(), 0);
    QCOMPARE(m_registration->registered(),
             QStringList({u"a.test (dnsmasq: a)"_s, u"b.test (dnsmasq: b)"_s}));
    QVERIFY(m_registration->notice().isEmpty());
    m_registration->setDomains({u"a.test"_s, u"b.test"_s}); // nothing new: nothing asked
    QCOMPARE(m_registrar->waiting(), 0);
}

void TestRegistrationRules::unregistersADomainNoLongerServed()
{
    m_registration->setDomains({u"a.test"_s, u"b.test"_s});
    m_registrar->answer();
    m_registrar->answer();
    m_registration->setDomains({u"b.test"_s});
    QCOMPARE(m_registrar->answer(), u"-a.test"_s);
    QCOMPARE(m_registration->registered(), QStringList({u"b.test ()"_s}));
    // Even a failed unregistration leaves nothing of ours: the lease ends with us.
    m_registration->setDomains({});
    QCOMPARE(m_registrar->answer({u"gone"_s, {}, {}}), u"-b.test"_s);
    QVERIFY(m_registration->registered().isEmpty());
    QVERIFY(m_registration->notice().isEmpty());
    QCOMPARE(m_registrar->waiting(), 0);
}

void TestRegistrationRules::aDomainDroppedDuringItsCallIsUnregisteredAfter()
{
    m_registration->setDomains({u"a.test"_s});
    m_registration->setDomains({});
    QCOMPARE(m_registrar->waiting(), 1);
    QCOMPARE(m_registrar->answer(), u"+a.test"_s);
    QCOMPARE(m_registrar->answer(), u"-a.test"_s);
    QCOMPARE(m_registrar->waiting(), 0);
    QVERIFY(m_registration->registered().isEmpty());
}

void TestRegistrationRules::aFailureIsTheNoticeUntilRetry()
{
    QSignalSpy changed(m_registration, &ResolverRegistration::changed);
    m_registration->setDomains({u"a.test"_s, u"b.test"_s});
    m_registrar->answer({u"not allowed: no"_s, {}, {}});
    m_registrar->answer();
    QVERIFY(!changed.isEmpty());
    QCOMPARE(m_registration->notice(),
             u"not registered with the system (the responder answers, but the system does not "
             "ask it) — a.test: not allowed: no"_s);
    QCOMPARE(m_registration->registered(), QStringList({u"b.test ()"_s}));
    // Not asked again by itself (each ask may prompt for a password) ...
    m_registration->setDomains({u"a.test"_s, u"b.test"_s});
    QCOMPARE(m_registrar->waiting(), 0);
    // ... but when the user retries.
    m_registration->retry();
    QCOMPARE(m_registrar->answer(), u"+a.test"_s);
    QVERIFY(m_registration->notice().isEmpty());
    QCOMPARE(m_registrar->waiting(), 0);
}

void TestRegistrationRules::anUnreachableHelperIsSaidAtOnce()
{
    m_registrar->why = u"the system bus is not reachable"_s;
    m_registration->setDomains({u"a.test"_s});
    QCOMPARE(m_registrar->waiting(), 0);
    QVERIFY(m_registration->notice().endsWith(u"a.test: the system bus is not reachable"_s));
    m_registration->setListenError(u"cannot listen"_s);
    QVERIFY(m_registration->notice().endsWith(u"reachable; cannot listen"_s));
}

// The helper restarted: what it held for us went with the connection. What was registered
// is registered again, an answer from before is ignored, and a failure waits for Retry.
void TestRegistrationRules::lostLeasesAreRegisteredAgain()
{
    m_registration->setDomains({u"a.test"_s, u"b.test"_s, u"c.test"_s});
    m_registrar->answer({{}, u"one"_s, {}});
    m_registrar->answer({u"refused"_s, {}, {}});
    QCOMPARE(m_registrar->waiting(), 1); // c.test in flight
    m_registrar->loseLeases();
    QVERIFY(m_registration->registered().isEmpty());
    QCOMPARE(m_registrar->waiting(), 1);     // still one call at a time
    m_registrar->answer({{}, u"old"_s, {}}); // c.test's answer from the old helper
    QCOMPARE(m_registrar->answer({{}, u"new"_s, {}}), u"+a.test"_s);
    QCOMPARE(m_registrar->answer({{}, u"new"_s, {}}), u"+c.test"_s);
    QCOMPARE(m_registration->registered(), QStringList({u"a.test (new)"_s, u"c.test (new)"_s}));
    // b.test failed before: it waits for the user (asking may prompt for a password).
    QCOMPARE(m_registrar->waiting(), 0);
    QVERIFY(m_registration->notice().endsWith(u"b.test: refused"_s));
}

void TestRegistrationRules::theHelpersListenAddressIsPassedOn()
{
    QSignalSpy listen(m_registration, &ResolverRegistration::listenRequested);
    m_registration->setDomains({u"a.test"_s});
    m_registrar->answer({{}, u"systemd-resolved: link k8shosts0"_s, u"192.0.0.8"_s});
    QCOMPARE(listen.size(), 1);
    QCOMPARE(listen.first().first().toString(), u"192.0.0.8"_s);
}

QTEST_GUILESS_MAIN(TestRegistrationRules)
#include "tst_registrationrules.moc"
