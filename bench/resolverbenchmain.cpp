// k8s-hosts-bench-resolver: the local resolver's responder under load — a zone of 1,000 (and
// 10,000) exact names plus wildcards, asked over UDP on loopback: the answer time of one
// query at a time (p50/p99 of 10,000) and queries per second with 32 in flight. The
// responder runs on a thread of its own, as it runs on the app's event loop; the asker is
// this thread. Prints figures, asserts nothing.
#include "bench/report.h"
#include "bench/samples.h"
#include "core/dns/ldnsobjects.h"
#include "core/resolver/localresponder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkDatagram>
#include <QRandomGenerator>
#include <QThread>
#include <QUdpSocket>

namespace {

using namespace Ldns;

QByteArray query(const QString &name, quint16 id)
{
    Packet packet(
        ldns_pkt_query_new(dname(name).release(), LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, LDNS_RD));
    ldns_pkt_set_id(packet.get(), id);
    uint8_t *data = nullptr;
    size_t size = 0;
    ldns_pkt2wire(&data, packet.get(), &size);
    QByteArray out(reinterpret_cast<const char *>(data), qsizetype(size));
    LDNS_FREE(data);
    return out;
}

// Names asked: exact ones and names under the wildcards, spread over the zone.
QString asked(int size, quint32 n)
{
    return n % 4 == 0 ? QStringLiteral("x%1.w%2.bench.test").arg(n).arg(n % 10)
                      : QStringLiteral("h%1.bench.test").arg(n % quint32(size));
}

bool answered(QUdpSocket &socket, int timeoutMs)
{
    return socket.hasPendingDatagrams() || socket.waitForReadyRead(timeoutMs);
}

void measure(Report &report, int size, int sequential, int seconds)
{
    HostEntries entries;
    for (int i = 0; i < size; ++i)
        entries.append(
            {QStringLiteral("10.%1.%2.%3").arg(i / 62500).arg(i / 250 % 250).arg(i % 250 + 1),
             QStringLiteral("h%1.bench.test").arg(i),
             {}});
    for (int w = 0; w < 10; ++w)
        entries.append({QStringLiteral("10.200.0.%1").arg(w + 1),
                        QStringLiteral("*.w%1.bench.test").arg(w),
                        {}});

    QThread thread;
    auto *responder = new LocalResponder;
    responder->setZone(ResolverZone({QStringLiteral("bench.test")}, entries));
    responder->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, responder, &QObject::deleteLater);
    thread.start();
    QString error;
    bool listening = false;
    QMetaObject::invokeMethod(
        responder,
        [&] {
            listening = responder->listen({{QHostAddress::LocalHost, 0}}, &error);
        },
        Qt::BlockingQueuedConnection);
    quint16 port = 0;
    QMetaObject::invokeMethod(
        responder, [&] { port = responder->endpoints().value(0).port; },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        report.problem(u"responder: "_qs + error);
        thread.quit();
        thread.wait();
        return;
    }

    QUdpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QRandomGenerator random(42);
    Samples latency;
    for (int i = 0; i < sequential; ++i) {
        const QByteArray q = query(asked(size, random.generate()), quint16(i));
        QElapsedTimer clock;
        clock.start();
        socket.write(q);
        if (!answered(socket, 2000)) {
            report.problem(QStringLiteral("no answer to query %1").arg(i));
            break;
        }
        socket.receiveDatagram();
        latency.add(double(clock.nsecsElapsed()) / 1e3);
    }
    report.figure(QStringLiteral("resolver/%1/answer/p50").arg(size), latency.median(), u"µs"_qs,
                  QStringLiteral("one query at a time over UDP, loopback"));
    report.figure(QStringLiteral("resolver/%1/answer/p99").arg(size), latency.percentile(99),
                  u"µs"_qs,
                  QStringLiteral("%1 queries, a quarter under wildcards").arg(latency.count()));

    // Throughput: 32 queries in flight, for a few seconds.
    constexpr int inFlight = 32;
    qint64 sent = 0;
    qint64 replies = 0;
    QElapsedTimer clock;
    clock.start();
    while (sent < inFlight)
        socket.write(query(asked(size, random.generate()), quint16(sent++)));
    while (clock.elapsed() < seconds * 1000) {
        if (!answered(socket, 1000))
            break; // a lost datagram: what was answered still counts
        while (socket.hasPendingDatagrams()) {
            socket.receiveDatagram();
            ++replies;
            socket.write(query(asked(size, random.generate()), quint16(sent++)));
        }
    }
    const double elapsed = double(clock.nsecsElapsed()) / 1e9;
    report.figure(QStringLiteral("resolver/%1/queries-per-second").arg(size),
                  double(replies) / elapsed, u"q/s"_qs,
                  QStringLiteral("%1 in flight, %2 answered in %3 s")
                      .arg(inFlight)
                      .arg(replies)
                      .arg(elapsed, 0, 'f', 1));
    thread.quit();
    thread.wait();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times the local resolver's responder."));
    parser.addHelpOption();
    const QCommandLineOption smoke(QStringLiteral("smoke"), QStringLiteral("Tiny sizes."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("JSON lines."));
    parser.addOptions({smoke, json});
    parser.process(app);
    Report report(parser.isSet(json));
    const bool tiny = parser.isSet(smoke);
    report.section(QStringLiteral("Local resolver: queries over UDP on loopback"));
    for (const int size : tiny ? QList<int>{20} : QList<int>{1000, 10000})
        measure(report, size, tiny ? 50 : 10000, tiny ? 1 : 5);
    return report.problems() == 0 ? 0 : 1;
}
