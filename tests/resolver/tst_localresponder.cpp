// The local responder on loopback, asked by dig as a resolver would: every kind of answer
// over UDP and TCP, EDNS0, truncation and the retry over TCP, the question's case kept, a
// 1,000-name zone, and messages that are not proper queries.
#include "core/resolver/localresponder.h"
#include "core/resolver/responderreply.h"

#include <QNetworkDatagram>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>

class TestLocalResponder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void answerKinds();
    void overTcp();
    void edns();
    void truncatedThenTcp();
    void questionCaseIsKept();
    void thousandNames();
    void notQueries();
    void tcpByteByByte();

private:
    // dig's whole output (the event loop runs meanwhile, so the responder answers).
    QString dig(const QStringList &arguments);
    QByteArray askUdp(const QByteArray &message);

    LocalResponder m_responder;
    quint16 m_port = 0;
};

void TestLocalResponder::initTestCase()
{
    HostEntries entries = {{u"10.0.0.1"_qs, u"*.apps.test"_qs, {}},
                           {u"10.0.0.2"_qs, u"web.apps.test"_qs, {}},
                           {u"fd00::2"_qs, u"web.apps.test"_qs, {}},
                           {u"10.0.0.3"_qs, u"v4.apps.test"_qs, {}}};
    for (int i = 1; i <= 40; ++i)
        entries.append({u"10.1.0.%1"_qs.arg(i), u"many.apps.test"_qs, {}});
    m_responder.setZone(ResolverZone({u"apps.test"_qs}, entries));
    QString error;
    QVERIFY2(m_responder.listen({{QHostAddress::LocalHost, 0}}, &error), qPrintable(error));
    m_port = m_responder.endpoints().value(0).port;
    QVERIFY(m_port != 0);
}

QString TestLocalResponder::dig(const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(u"dig"_qs, QStringList{u"@127.0.0.1"_qs, u"-p"_qs, QString::number(m_port),
                                         u"+tries=1"_qs, u"+time=5"_qs}
                                 << arguments);
    if (!finished.wait(20000))
        return u"dig did not finish"_qs;
    return QString::fromUtf8(process.readAll());
}

void TestLocalResponder::answerKinds()
{
    QString out = dig({u"a.apps.test"_qs, u"A"_qs});
    QVERIFY2(out.contains(u"status: NOERROR"_qs) && out.contains(u"flags: qr aa"_qs),
             qPrintable(out));
    QVERIFY2(out.contains(u"a.apps.test.\t\t30\tIN\tA\t10.0.0.1"_qs), qPrintable(out));

    out = dig({u"web.apps.test"_qs, u"AAAA"_qs, u"+short"_qs});
    QCOMPARE(out.trimmed(), u"fd00::2"_qs);

    // NODATA: the name exists without AAAA; the SOA says how long to remember that.
    out = dig({u"v4.apps.test"_qs, u"AAAA"_qs});
    QVERIFY2(out.contains(u"status: NOERROR"_qs) && out.contains(u"ANSWER: 0, AUTHORITY: 1"_qs),
             qPrintable(out));
    QVERIFY2(
        out.contains(u"apps.test.\t\t30\tIN\tSOA\tk8s-hosts.apps.test. hostmaster.apps.test."_qs),
        qPrintable(out));

    // NXDOMAIN below an exact name (the wildcard answers only below existing names' parent).
    out = dig({u"x.web.apps.test"_qs, u"A"_qs});
    QVERIFY2(out.contains(u"status: NXDOMAIN"_qs) && out.contains(u"AUTHORITY: 1"_qs),
             qPrintable(out));

    out = dig({u"example.com"_qs, u"A"_qs});
    QVERIFY2(out.contains(u"status: REFUSED"_qs), qPrintable(out));

    out = dig({u"apps.test"_qs, u"SOA"_qs});
    QVERIFY2(out.contains(u"ANSWER: 1"_qs) && out.contains(u"IN\tSOA"_qs), qPrintable(out));

    out = dig({u"web.apps.test"_qs, u"MX"_qs});
    QVERIFY2(out.contains(u"status: NOERROR"_qs) && out.contains(u"ANSWER: 0"_qs), qPrintable(out));
}

void TestLocalResponder::overTcp()
{
    const QString out = dig({u"+tcp"_qs, u"web.apps.test"_qs, u"A"_qs});
    QVERIFY2(out.contains(u"IN\tA\t10.0.0.2"_qs) && out.contains(u"(TCP)"_qs), qPrintable(out));
}

void TestLocalResponder::edns()
{
    QString out = dig({u"web.apps.test"_qs, u"A"_qs});
    QVERIFY2(out.contains(u"EDNS: version: 0, flags:; udp: 1232"_qs), qPrintable(out));
    out = dig({u"+noedns"_qs, u"web.apps.test"_qs, u"A"_qs});
    QVERIFY2(!out.contains(u"EDNS:"_qs) && out.contains(u"10.0.0.2"_qs), qPrintable(out));
    out = dig({u"+edns=1"_qs, u"+noednsnegotiation"_qs, u"web.apps.test"_qs, u"A"_qs});
    QVERIFY2(out.contains(u"status: BADVERS"_qs), qPrintable(out));
}

void TestLocalResponder::truncatedThenTcp()
{
    // 40 addresses do not fit in 512 bytes: TC over UDP, then dig asks again over TCP.
    const QString out = dig({u"+noedns"_qs, u"many.apps.test"_qs, u"A"_qs});
    QVERIFY2(out.contains(u"Truncated, retrying in TCP mode"_qs), qPrintable(out));
    QVERIFY2(out.contains(u"ANSWER: 40"_qs), qPrintable(out));
}

void TestLocalResponder::questionCaseIsKept()
{
    const QString out = dig({u"WeB.Apps.TEST"_qs, u"A"_qs});
    QVERIFY2(out.contains(u"WeB.Apps.TEST.\t\t30\tIN\tA\t10.0.0.2"_qs), qPrintable(out));
}

void TestLocalResponder::thousandNames()
{
    LocalResponder big;
    HostEntries entries;
    for (int i = 0; i < 1000; ++i)
        entries.append(
            {u"10.2.%1.%2"_qs.arg(i / 250).arg(i % 250 + 1), u"n%1.big.test"_qs.arg(i), {}});
    big.setZone(ResolverZone({u"big.test"_qs}, entries));
    QString error;
    QVERIFY2(big.listen({{QHostAddress::LocalHost, 0}}, &error), qPrintable(error));
    const quint16 keep = m_port;
    m_port = big.endpoints().value(0).port;
    QCOMPARE(dig({u"+short"_qs, u"n0.big.test"_qs}).trimmed(), u"10.2.0.1"_qs);
    QCOMPARE(dig({u"+short"_qs, u"n999.big.test"_qs}).trimmed(), u"10.2.3.250"_qs);
    QVERIFY(dig({u"n1000.big.test"_qs}).contains(u"NXDOMAIN"_qs));
    m_port = keep;
}

QByteArray TestLocalResponder::askUdp(const QByteArray &message)
{
    QUdpSocket socket;
    socket.writeDatagram(message, QHostAddress::LocalHost, m_port);
    QSignalSpy ready(&socket, &QUdpSocket::readyRead);
    if (!ready.wait(1000))
        return {};
    return socket.receiveDatagram().data();
}

void TestLocalResponder::notQueries()
{
    // A header that promises a question that is not there: FORMERR, same ID.
    const QByteArray broken = QByteArray::fromHex("abcd01000001000000000000");
    const QByteArray reply = askUdp(broken);
    QCOMPARE(reply.size(), 12);
    QCOMPARE(reply.left(2), QByteArray::fromHex("abcd"));
    QCOMPARE(quint8(reply.at(3)) & 0x0f, 1); // FORMERR
    QVERIFY(quint8(reply.at(2)) & 0x80);     // a reply
    // A reply (QR set) and a runt: no answer at all.
    QVERIFY(askUdp(QByteArray::fromHex("abcd81000000000000000000")).isEmpty());
    QVERIFY(askUdp(QByteArray::fromHex("abcd01")).isEmpty());
    // The responder still answers afterwards.
    QCOMPARE(dig({u"+short"_qs, u"web.apps.test"_qs}).trimmed(), u"10.0.0.2"_qs);
}

void TestLocalResponder::tcpByteByByte()
{
    // web.apps.test A, ID 0x1234, no EDNS, sent a byte at a time.
    const QByteArray query = QByteArray::fromHex("123401000001000000000000") +
                             QByteArray("\x03web\x04"
                                        "apps\x04test\x00",
                                        15) +
                             QByteArray::fromHex("00010001");
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(socket.waitForConnected(2000));
    const QByteArray framed =
        QByteArray(1, char(query.size() >> 8)) + QByteArray(1, char(query.size() & 0xff)) + query;
    for (const char byte : framed) {
        socket.write(&byte, 1);
        socket.flush();
        QTest::qWait(1);
    }
    QTRY_VERIFY_WITH_TIMEOUT(socket.bytesAvailable() >= 2, 5000);
    QByteArray reply = socket.readAll();
    QTRY_VERIFY_WITH_TIMEOUT((reply += socket.readAll()).size() >=
                                 2 + ((quint8(reply.at(0)) << 8) | quint8(reply.at(1))),
                             5000);
    QCOMPARE(reply.mid(2, 2), QByteArray::fromHex("1234"));
    QVERIFY(reply.contains(QByteArray::fromHex("0a000002"))); // 10.0.0.2
}

QTEST_GUILESS_MAIN(TestLocalResponder)
#include "tst_localresponder.moc"
