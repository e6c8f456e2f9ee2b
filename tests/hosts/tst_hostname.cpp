#include "core/hosts/hostname.h"
#include "core/hosts/reservednames.h"

#include <QTest>

class TestHostname : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
    void wildcard();
    void isUnder();
    void reserved_data();
    void reserved();
};

void TestHostname::valid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("normalized");
    QTest::newRow("simple") << u"chart-dash.local"_qs << u"chart-dash.local"_qs;
    QTest::newRow("upper") << u"API.Example.TEST"_qs << u"api.example.test"_qs;
    QTest::newRow("digit start") << u"1st.lan"_qs << u"1st.lan"_qs;
    QTest::newRow("single label") << u"nas"_qs << u"nas"_qs;
    QTest::newRow("63 label") << QString(63, u'a') + u".local"_qs
                              << QString(63, u'a') + u".local"_qs;
    QTest::newRow("punycode") << u"xn--bcher-kva.test"_qs << u"xn--bcher-kva.test"_qs;
    QString longest;
    while (longest.size() < 247)
        longest += u"abcdefgh."_qs;
    longest = longest.left(247) + u"x.test"_qs;
    QTest::newRow("253") << longest.right(253) << longest.right(253);
}

void TestHostname::valid()
{
    QFETCH(QString, input);
    QFETCH(QString, normalized);
    QString why;
    const auto result = Hostname::normalize(input, &why);
    QVERIFY2(result, qPrintable(why));
    QCOMPARE(*result, normalized);
}

void TestHostname::invalid_data()
{
    QTest::addColumn<QString>("input");
    QTest::newRow("empty") << QString();
    QTest::newRow("newline") << u"a.local\n10.0.0.1 evil.com"_qs;
    QTest::newRow("space") << u"a.local evil.com"_qs;
    QTest::newRow("tab") << u"a.local\tevil.com"_qs;
    QTest::newRow("hash") << u"a.local#x"_qs;
    QTest::newRow("nul") << QString(u"a\0b.local"_qs);
    QTest::newRow("underscore") << u"a_b.local"_qs;
    QTest::newRow("leading dash") << u"-a.local"_qs;
    QTest::newRow("trailing dash") << u"a-.local"_qs;
    QTest::newRow("empty label") << u"a..local"_qs;
    QTest::newRow("trailing dot") << u"a.local."_qs;
    QTest::newRow("leading dot") << u".a.local"_qs;
    QTest::newRow("64 label") << QString(64, u'a') + u".local"_qs;
    QTest::newRow("254 chars") << QString(250, u'a')
                                          .replace(60, 1, u"."_qs)
                                          .replace(120, 1, u"."_qs)
                                          .replace(180, 1, u"."_qs) +
                                      u".lan"_qs;
    QTest::newRow("numeric tld") << u"10.0.0.1"_qs;
    QTest::newRow("numeric last") << u"host.123"_qs;
    QTest::newRow("cyrillic a") << u"\u0430pple.test"_qs;
    QTest::newRow("fullwidth") << u"ａ.test"_qs;
    QTest::newRow("comma") << u"a,b.local"_qs;
    QTest::newRow("percent") << u"a%b.local"_qs;
}

void TestHostname::invalid()
{
    QFETCH(QString, input);
    QString why;
    QVERIFY(!Hostname::normalize(input, &why));
    QVERIFY(!why.isEmpty());
}

void TestHostname::wildcard()
{
    QVERIFY(Hostname::isWildcard(u"*.apps.local"));
    QVERIFY(!Hostname::isWildcard(u"apps.local"));
    QVERIFY(!Hostname::normalize(u"*.apps.local"));
}

void TestHostname::isUnder()
{
    QVERIFY(Hostname::isUnder(u"a.dtk.io", u"dtk.io"));
    QVERIFY(Hostname::isUnder(u"dtk.io", u"dtk.io"));
    QVERIFY(!Hostname::isUnder(u"evildtk.io", u"dtk.io"));
    QVERIFY(!Hostname::isUnder(u"dtk.io.evil.com", u"dtk.io"));
}

void TestHostname::reserved_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("isReserved");
    for (const char *name :
         {"localhost", "foo.localhost", "localhost.localdomain", "broadcasthost", "ip6-localhost",
          "ip6-loopback", "ip6-allnodes", "host.docker.internal", "kubernetes.docker.internal",
          "1.0.0.10.in-addr.arpa", "home.arpa", "x.invalid", "devbox", "devbox.corp.example"})
        QTest::newRow(name) << QString::fromLatin1(name) << true;
    for (const char *name : {"chart-dash.local", "localhost-app.test", "docker.internal.test",
                             "devbox2.local", "mylocalhost.lan", "arpa-tool.lan"})
        QTest::newRow(name) << QString::fromLatin1(name) << false;
}

void TestHostname::reserved()
{
    QFETCH(QString, host);
    QFETCH(bool, isReserved);
    const ReservedNames names(u"devbox.corp.example"_qs);
    QCOMPARE(!names.reasonFor(host).isEmpty(), isReserved);
}

QTEST_GUILESS_MAIN(TestHostname)
#include "tst_hostname.moc"
