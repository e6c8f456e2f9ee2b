#include "core/sink/xpcfailure.h"

#include <QTest>

class TestXpcFailure : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helperErrorsMapLikeOnLinux();
    void connectionErrorsSayWhatToDo();
    void registrationErrorsSpeakOfTheResolver();
};

void TestXpcFailure::helperErrorsMapLikeOnLinux()
{
    using HelperProtocol::Error;
    QCOMPARE(XpcFailure::classify(Error::None), SinkReport::Failure::None);
    QCOMPARE(XpcFailure::classify(Error::NotAuthorized), SinkReport::Failure::NotAuthorized);
    QCOMPARE(XpcFailure::classify(Error::InvalidArgument), SinkReport::Failure::InvalidEntries);
    QCOMPARE(XpcFailure::classify(Error::Failed), SinkReport::Failure::Failed);
    QVERIFY(XpcFailure::describe(Error::None, QStringLiteral("x")).isEmpty());
    QCOMPARE(XpcFailure::describe(Error::InvalidArgument, QStringLiteral("entry 1 of 1: bad")),
             QStringLiteral("The helper refused the entries and wrote nothing: entry 1 of 1: bad"));
    QVERIFY(
        XpcFailure::describe(Error::Failed, QStringLiteral("disk full")).endsWith(u"disk full"));
    // The numbers cross XPC as NSError codes: they must never change.
    QCOMPARE(int(Error::NotAuthorized), 1);
    QCOMPARE(int(Error::InvalidArgument), 2);
    QCOMPARE(int(Error::Failed), 3);
    QCOMPARE(HelperProtocol::errorName(Error::Failed), HelperProtocol::errorFailed());
}

void TestXpcFailure::connectionErrorsSayWhatToDo()
{
    using C = XpcFailure::Connection;
    QCOMPARE(XpcFailure::classify(C::Invalid), SinkReport::Failure::NotInstalled);
    for (const C error : {C::Interrupted, C::CodeSigning, C::TimedOut, C::BadReply})
        QCOMPARE(XpcFailure::classify(error), SinkReport::Failure::Failed);
    QVERIFY(XpcFailure::describe(C::Invalid, QStringLiteral("code 4099")).contains(u"Login Items"));
    QVERIFY(XpcFailure::describe(C::CodeSigning, QStringLiteral("x")).contains(u"Install helper"));
    QVERIFY(XpcFailure::describe(C::Interrupted, QStringLiteral("x")).contains(u"try again"));
    QVERIFY(XpcFailure::describe(C::TimedOut, {}).contains(u"did not answer"));
    QVERIFY(XpcFailure::describe(C::BadReply, QStringLiteral("x")).contains(u"this version"));
    // A missing or foreign helper waits for the user; a crash or a slow answer is retried.
    QVERIFY(XpcFailure::isPermanent(C::Invalid) && XpcFailure::isPermanent(C::CodeSigning));
    for (const C error : {C::Interrupted, C::TimedOut, C::BadReply})
        QVERIFY(!XpcFailure::isPermanent(error));
    QVERIFY(XpcFailure::isPermanent(HelperProtocol::Error::NotAuthorized));
    QVERIFY(!XpcFailure::isPermanent(HelperProtocol::Error::Failed));
}

// The local resolver's notice: "apps.test: <this>", never a sentence about the hosts file.
void TestXpcFailure::registrationErrorsSpeakOfTheResolver()
{
    using HelperProtocol::Error;
    QVERIFY(XpcFailure::describeRegistration(Error::None, QStringLiteral("x")).isEmpty());
    QCOMPARE(XpcFailure::describeRegistration(Error::NotAuthorized, QStringLiteral("no")),
             QStringLiteral("not allowed: no"));
    QVERIFY(XpcFailure::describeRegistration(Error::AuthorizationRequired, QStringLiteral("x"))
                .contains(u"administrator prompt was dismissed"));
    QCOMPARE(XpcFailure::describeRegistration(Error::InvalidArgument,
                                              QStringLiteral("com is a public suffix")),
             QStringLiteral("the helper refused it: com is a public suffix"));
    QCOMPARE(XpcFailure::describeRegistration(Error::Failed, QStringLiteral("disk full")),
             QStringLiteral("the helper could not register it: disk full"));
    for (const Error error : {Error::NotAuthorized, Error::AuthorizationRequired,
                              Error::InvalidArgument, Error::Failed})
        QVERIFY(
            !XpcFailure::describeRegistration(error, QStringLiteral("x")).contains(u"hosts file"));
}

QTEST_GUILESS_MAIN(TestXpcFailure)
#include "tst_xpcfailure.moc"
