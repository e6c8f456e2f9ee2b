#include "core/kube/watcheventparser.h"

#include <QRandomGenerator>
#include <QtTest>

// Table-driven checks of the watch framing: every row is fed whole, byte by byte, in fixed
// chunk sizes and in seeded random splits, and must give the same events every time.
class TestWatchEventParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framing_data();
    void framing();
    void overlongLineKeepsMemoryBounded();
    void manyEventsInOneChunk();
    void errorEventCarriesStatus();
    void bookmarkCarriesResourceVersion();
    void finishReportsCutOffEvent();
    void resetDropsPartialLine();
};

using namespace Qt::StringLiterals;

namespace {

QByteArray eventLine(const char *type, const char *name, const char *rv = "7")
{
    return QByteArray(R"({"type":")") + type +
           R"(","object":{"kind":"Ingress","apiVersion":"networking.k8s.io/v1","metadata":{"name":")" +
           name + R"(","namespace":"default","resourceVersion":")" + rv + R"("}}})";
}

// "ADDED demo" for an event, "error" for a skipped line.
QString describe(const WatchEventParser::Output &output)
{
    if (output.isError())
        return QStringLiteral("error");
    static const char *names[] = {"ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"};
    const QString name =
        output.event.object.value(u"metadata").toObject().value(u"name").toString();
    return QString::fromLatin1(names[int(output.event.type)]) +
           (name.isEmpty() ? QString() : u' ' + name);
}

QStringList runChunks(const QList<QByteArray> &chunks, qsizetype maxLine)
{
    WatchEventParser parser(maxLine);
    QStringList seen;
    for (const QByteArray &chunk : chunks) {
        for (const auto &output : parser.feed(chunk))
            seen << describe(output);
        // The buffer never holds more than one capped line.
        if (parser.bufferedBytes() > maxLine)
            return {QStringLiteral("buffer exceeded the cap")};
    }
    for (const auto &output : parser.finish())
        seen << describe(output);
    return seen;
}

QList<QByteArray> split(const QByteArray &input, qsizetype size)
{
    QList<QByteArray> chunks;
    for (qsizetype i = 0; i < input.size(); i += size)
        chunks << input.mid(i, size);
    return chunks;
}

QList<QByteArray> randomSplit(const QByteArray &input, quint32 seed)
{
    QRandomGenerator random(seed);
    QList<QByteArray> chunks;
    qsizetype at = 0;
    while (at < input.size()) {
        const qsizetype size = 1 + random.bounded(int(std::min<qsizetype>(input.size(), 64)));
        chunks << input.mid(at, size);
        at += size;
    }
    return chunks;
}

} // namespace

void TestWatchEventParser::framing_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<qsizetype>("maxLine");
    QTest::addColumn<QStringList>("expected");

    const qsizetype big = WatchEventParser::DefaultMaxLineLength;
    const QByteArray a = eventLine("ADDED", "a");
    const QByteArray m = eventLine("MODIFIED", "b");
    const QByteArray d = eventLine("DELETED", "c");

    QTest::newRow("one event") << a + '\n' << big << QStringList{u"ADDED a"_s};
    QTest::newRow("three events") << a + '\n' + m + '\n' + d + '\n'
                                  << big
                                  << QStringList{u"ADDED a"_s, u"MODIFIED b"_s, u"DELETED c"_s};
    QTest::newRow("crlf endings") << a + "\r\n" + m + "\r\n"
                                  << big << QStringList{u"ADDED a"_s, u"MODIFIED b"_s};
    QTest::newRow("blank lines between") << "\n\n" + a + "\n\r\n  \n\t\n" + m + "\n\n"
                                         << big << QStringList{u"ADDED a"_s, u"MODIFIED b"_s};
    QTest::newRow("no final newline")
        << a + '\n' + m << big << QStringList{u"ADDED a"_s, u"MODIFIED b"_s};
    QTest::newRow("empty stream") << QByteArray() << big << QStringList{};
    QTest::newRow("only newlines") << QByteArray("\n\r\n\n") << big << QStringList{};
    QTest::newRow("bookmark and error")
        << QByteArray(
               R"({"type":"BOOKMARK","object":{"kind":"Ingress","metadata":{"resourceVersion":"9"}}})"
               "\n"
               R"({"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired"}})"
               "\n")
        << big << QStringList{u"BOOKMARK"_s, u"ERROR"_s};
    QTest::newRow("garbage line resyncs")
        << a + "\nthis is not json\n" + m + '\n'
        << big << QStringList{u"ADDED a"_s, u"error"_s, u"MODIFIED b"_s};
    QTest::newRow("truncated json line") << a.left(30) + '\n' + m + '\n'
                                         << big << QStringList{u"error"_s, u"MODIFIED b"_s};
    QTest::newRow("array, not object") << QByteArray("[1,2]\n") + a + '\n'
                                       << big << QStringList{u"error"_s, u"ADDED a"_s};
    QTest::newRow("unknown type") << QByteArray(R"({"type":"UPSERTED","object":{}})"
                                                "\n") +
                                         a + '\n'
                                  << big << QStringList{u"error"_s, u"ADDED a"_s};
    QTest::newRow("type not a string") << QByteArray(R"({"type":1,"object":{}})"
                                                     "\n")
                                       << big << QStringList{u"error"_s};
    QTest::newRow("object missing") << QByteArray(R"({"type":"ADDED"})"
                                                  "\n")
                                    << big << QStringList{u"error"_s};
    QTest::newRow("object not an object") << QByteArray(R"({"type":"ADDED","object":"x"})"
                                                        "\n")
                                          << big << QStringList{u"error"_s};
    QTest::newRow("two objects on one line") << a + a + '\n' + m + '\n'
                                             << big << QStringList{u"error"_s, u"MODIFIED b"_s};
    QTest::newRow("overlong line skipped, next parsed")
        << a + '\n' + QByteArray(500, 'x') + '\n' + m + '\n'
        << qsizetype(m.size()) << QStringList{u"ADDED a"_s, u"error"_s, u"MODIFIED b"_s};
    QTest::newRow("line exactly at the cap") << a + '\n'
                                             << qsizetype(a.size()) << QStringList{u"ADDED a"_s};
    QTest::newRow("line one byte over the cap")
        << a + '\n' + m + '\n'
        << qsizetype(a.size() - 1) << QStringList{u"error"_s, u"error"_s};
    QTest::newRow("overlong last line without newline")
        << a + '\n' + QByteArray(500, 'x') << qsizetype(a.size())
        << QStringList{u"ADDED a"_s, u"error"_s};
    QTest::newRow("cut inside the last event")
        << a + '\n' + m.left(m.size() / 2) << big << QStringList{u"ADDED a"_s, u"error"_s};
    QTest::newRow("unicode and escaped newline in strings")
        << QByteArray(R"({"type":"ADDED","object":{"metadata":{"name":"h\u00e9\nllo ✓"}}})"
                      "\n")
        << big << QStringList{QStringLiteral("ADDED h\u00e9\nllo \u2713")};
}

void TestWatchEventParser::framing()
{
    QFETCH(QByteArray, input);
    QFETCH(qsizetype, maxLine);
    QFETCH(QStringList, expected);

    QCOMPARE(runChunks({input}, maxLine), expected);
    QCOMPARE(runChunks(split(input, 1), maxLine), expected);
    for (qsizetype size : {2, 3, 7, 64, 4096})
        QCOMPARE(runChunks(split(input, size), maxLine), expected);
    for (quint32 seed = 1; seed <= 20; ++seed)
        QCOMPARE(runChunks(randomSplit(input, seed), maxLine), expected);
}

void TestWatchEventParser::overlongLineKeepsMemoryBounded()
{
    WatchEventParser parser(1024);
    int errors = 0;
    // Ten megabytes without a newline, in 4 KiB reads: one error, never more than the cap.
    const QByteArray block(4096, 'y');
    for (int i = 0; i < 2560; ++i) {
        for (const auto &output : parser.feed(block))
            errors += output.isError() ? 1 : 0;
        QVERIFY(parser.bufferedBytes() <= 1024);
    }
    QCOMPARE(errors, 1);
    const auto after = parser.feed("tail\n" + eventLine("ADDED", "next") + '\n');
    QCOMPARE(after.size(), 1);
    QCOMPARE(describe(after.first()), u"ADDED next"_s);
    QVERIFY(after.first().error.isEmpty());
}

void TestWatchEventParser::manyEventsInOneChunk()
{
    QByteArray stream;
    for (int i = 0; i < 10000; ++i)
        stream += eventLine("ADDED", QByteArray::number(i).constData(),
                            QByteArray::number(i + 1).constData()) +
                  '\n';
    WatchEventParser parser;
    const auto outputs = parser.feed(stream);
    QCOMPARE(outputs.size(), 10000);
    for (int i = 0; i < outputs.size(); ++i) {
        QVERIFY(!outputs[i].isError());
        QCOMPARE(outputs[i].event.resourceVersion(), QString::number(i + 1));
    }
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestWatchEventParser::errorEventCarriesStatus()
{
    WatchEventParser parser;
    const auto outputs = parser.feed(
        R"J({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (90)","reason":"Expired","code":410}})J"
        "\n");
    QCOMPARE(outputs.size(), 1);
    QCOMPARE(outputs.first().event.type, WatchEvent::Type::Error);
    QCOMPARE(outputs.first().event.statusCode(), 410);
}

void TestWatchEventParser::bookmarkCarriesResourceVersion()
{
    WatchEventParser parser;
    const auto outputs = parser.feed(
        R"({"type":"BOOKMARK","object":{"kind":"Ingress","apiVersion":"networking.k8s.io/v1","metadata":{"resourceVersion":"12345"}}})"
        "\r\n");
    QCOMPARE(outputs.size(), 1);
    QCOMPARE(outputs.first().event.type, WatchEvent::Type::Bookmark);
    QCOMPARE(outputs.first().event.resourceVersion(), u"12345"_s);
}

void TestWatchEventParser::finishReportsCutOffEvent()
{
    WatchEventParser parser;
    QVERIFY(parser.feed(eventLine("ADDED", "a").left(20)).isEmpty());
    const auto outputs = parser.finish();
    QCOMPARE(outputs.size(), 1);
    QVERIFY(outputs.first().error.contains(u"ended in the middle of an event"));
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestWatchEventParser::resetDropsPartialLine()
{
    WatchEventParser parser;
    QVERIFY(parser.feed("{\"type\":\"ADD").isEmpty());
    parser.reset();
    const auto outputs = parser.feed(eventLine("ADDED", "fresh") + '\n');
    QCOMPARE(outputs.size(), 1);
    QCOMPARE(describe(outputs.first()), u"ADDED fresh"_s);
}

QTEST_GUILESS_MAIN(TestWatchEventParser)
#include "tst_watcheventparser.moc"
