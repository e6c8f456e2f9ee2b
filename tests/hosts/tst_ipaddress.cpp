#include "core/hosts/ipaddress.h"

#include <QRandomGenerator>
#include <QTest>

#include <arpa/inet.h>

class TestIpAddress : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void canonicalForm_data();
    void canonicalForm();
    void rejects_data();
    void rejects();
    void ipv4TextIsInetNtops();
};

void TestIpAddress::canonicalForm_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<int>("scope");
    const auto row = [](const char *in, const char *out, AddressScope scope) {
        QTest::newRow(in) << QString::fromLatin1(in) << QString::fromLatin1(out) << int(scope);
    };
    row("127.0.0.1", "127.0.0.1", AddressScope::Loopback);
    row("127.255.1.2", "127.255.1.2", AddressScope::Loopback);
    row("10.0.0.1", "10.0.0.1", AddressScope::Private);
    row("172.16.0.1", "172.16.0.1", AddressScope::Private);
    row("172.31.255.255", "172.31.255.255", AddressScope::Private);
    row("172.32.0.1", "172.32.0.1", AddressScope::Public);
    row("192.168.49.2", "192.168.49.2", AddressScope::Private);
    row("100.64.0.1", "100.64.0.1", AddressScope::SharedCgnat);
    row("100.127.255.254", "100.127.255.254", AddressScope::SharedCgnat);
    row("100.128.0.1", "100.128.0.1", AddressScope::Public);
    row("169.254.169.254", "169.254.169.254", AddressScope::LinkLocal);
    row("224.0.0.251", "224.0.0.251", AddressScope::Multicast);
    row("0.0.0.0", "0.0.0.0", AddressScope::Unspecified);
    row("0.1.2.3", "0.1.2.3", AddressScope::Unspecified);
    row("255.255.255.255", "255.255.255.255", AddressScope::Broadcast);
    row("240.0.0.1", "240.0.0.1", AddressScope::Reserved);
    row("8.8.8.8", "8.8.8.8", AddressScope::Public);
    row("::1", "::1", AddressScope::Loopback);
    row("0:0:0:0:0:0:0:1", "::1", AddressScope::Loopback);
    row("::", "::", AddressScope::Unspecified);
    row("FD00:0:0:0:0:0:0:1", "fd00::1", AddressScope::UniqueLocal);
    row("fc00::abcd", "fc00::abcd", AddressScope::UniqueLocal);
    row("fe80::1", "fe80::1", AddressScope::LinkLocal);
    row("ff02::1", "ff02::1", AddressScope::Multicast);
    row("2001:db8::1", "2001:db8::1", AddressScope::Reserved);
    row("2606:4700:4700::1111", "2606:4700:4700::1111", AddressScope::Public);
    row("::ffff:10.1.2.3", "10.1.2.3", AddressScope::Private);
    row("::ffff:169.254.169.254", "169.254.169.254", AddressScope::LinkLocal);
}

void TestIpAddress::canonicalForm()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    QFETCH(int, scope);
    const auto address = IpAddress::parse(input);
    QVERIFY(address);
    QCOMPARE(address->toString(), canonical);
    QCOMPARE(int(address->scope()), scope);
}

void TestIpAddress::rejects_data()
{
    QTest::addColumn<QString>("input");
    for (const char *bad : {"", "localhost", "10.0.0", "10.0.0.1.2", "010.0.0.1", "10.0.0.256", "1",
                            "0x7f.0.0.1", " 10.0.0.1", "10.0.0.1 ", "10.0.0.1\n", "fe80::1%eth0",
                            "::1::2", "10.0.0.1#x", "１0.0.0.1", "gggg::1", "1.2.3.4/24"})
        QTest::newRow(bad) << QString::fromUtf8(bad);
    QTest::newRow("long") << QString(200, u'1');
    // inet_pton would stop at the NUL and read the rest as nothing.
    QTest::newRow("nul") << QStringLiteral("10.0.0.1") + QChar(0) + QStringLiteral("99");
}

void TestIpAddress::rejects()
{
    QFETCH(QString, input);
    QVERIFY(!IpAddress::parse(input));
}

// The canonical IPv4 text is formatted without inet_ntop: it must be the same text.
void TestIpAddress::ipv4TextIsInetNtops()
{
    QRandomGenerator random(42);
    for (int i = 0; i < 20000; ++i) {
        const quint32 value = i < 256 ? quint32(i) * 0x01010101u : random.generate();
        in_addr address{};
        address.s_addr = htonl(value);
        char expected[INET_ADDRSTRLEN] = {};
        QVERIFY(inet_ntop(AF_INET, &address, expected, sizeof expected));
        const auto parsed = IpAddress::parse(QString::fromLatin1(expected));
        QVERIFY2(parsed, expected);
        QCOMPARE(parsed->toString(), QString::fromLatin1(expected));
    }
}

QTEST_GUILESS_MAIN(TestIpAddress)
#include "tst_ipaddress.moc"
