// The TSIG key file, as tsig-keygen writes it; errors never quote the secret.
#include "core/dns/tsigkey.h"

#include <QTest>

class TestTsigKey : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsTsigKeygenOutput();
    void refusals_data();
    void refusals();
};

void TestTsigKey::readsTsigKeygenOutput()
{
    QString error;
    const auto key = TsigKey::parse("# made by tsig-keygen\n"
                                    "key \"app-key\" {\n"
                                    "\talgorithm hmac-sha256;\n"
                                    "\tsecret \"c2VjcmV0LXNlY3JldC1zZWNyZXQ=\";\n"
                                    "};\n",
                                    &error);
    QVERIFY2(key, qPrintable(error));
    QCOMPARE(key->name, u"app-key"_qs);
    QCOMPARE(key->algorithm, u"hmac-sha256"_qs);
    QCOMPARE(key->secret, QByteArray("c2VjcmV0LXNlY3JldC1zZWNyZXQ="));
    const auto bare =
        TsigKey::parse("key ci.key. { algorithm HMAC-SHA512.; secret \"AAAA\"; };", &error);
    QVERIFY2(bare, qPrintable(error));
    QCOMPARE(bare->name, u"ci.key"_qs);
    QCOMPARE(bare->algorithm, u"hmac-sha512"_qs);
}

void TestTsigKey::refusals_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << u"no key block"_qs;
    QTest::newRow("two keys") << QByteArray("key a { algorithm hmac-sha256; secret \"AAAA\"; };\n"
                                            "key b { algorithm hmac-sha256; secret \"AAAA\"; };")
                              << u"more than one key"_qs;
    QTest::newRow("no secret") << QByteArray("key a { algorithm hmac-sha256; };")
                               << u"needs both"_qs;
    QTest::newRow("unknown algorithm")
        << QByteArray("key a { algorithm hmac-whirlpool; secret \"AAAA\"; };")
        << u"use hmac-sha256"_qs;
    QTest::newRow("not base64") << QByteArray("key a { algorithm hmac-sha256; secret \"no!pe\"; };")
                                << u"not base64"_qs;
}

void TestTsigKey::refusals()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    QString message;
    QVERIFY(!TsigKey::parse(text, &message));
    QVERIFY2(message.contains(error), qPrintable(message));
    QVERIFY(!message.contains(u"no!pe"));
}

QTEST_GUILESS_MAIN(TestTsigKey)
#include "tst_tsigkey.moc"
