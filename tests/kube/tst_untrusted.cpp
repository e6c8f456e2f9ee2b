// Text from an API server or an exec plugin, made safe to log: no forged lines, no terminal
// control, no credentials.
#include "core/log/logevent.h"

#include <QTest>

class TestUntrusted : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escapesAndRedacts_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << u"ingresses is forbidden"_qs << u"ingresses is forbidden"_qs;
        QTest::newRow("reflected bearer") << u"token Bearer STATICSECRET-1a2b3c is not valid"_qs
                                          << u"token Bearer [redacted] is not valid"_qs;
        QTest::newRow("forged line") << u"bad\n2026-01-01T00:00:00Z info k8shosts.sync: FORGED"_qs
                                     << u"bad\\n2026-01-01T00:00:00Z info k8shosts.sync: FORGED"_qs;
        QTest::newRow("terminal escapes")
            << u"x\x1b[2J\x1b]0;pwned\x07y"_qs << u"x\\x1b[2J\\x1b]0;pwned\\x07y"_qs;
        QTest::newRow("refresh token")
            << u"debug: refreshing with refresh_token=STDERRSECRET-abc123"_qs
            << u"debug: refreshing with refresh_token=[redacted]"_qs;
        QTest::newRow("json password")
            << u"{\"password\": \"hunter2\"}"_qs << u"{\"password\": \"[redacted]\"}"_qs;
        QTest::newRow("jwt") << u"id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl rejected"_qs
                             << u"id [redacted] rejected"_qs;
        QTest::newRow("authorization header")
            << u"Authorization: Basic dXNlcjpwYXNz"_qs << u"Authorization: [redacted]"_qs;
    }

    void escapesAndRedacts()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(untrusted(in), out);
    }
};

QTEST_GUILESS_MAIN(TestUntrusted)
#include "tst_untrusted.moc"
